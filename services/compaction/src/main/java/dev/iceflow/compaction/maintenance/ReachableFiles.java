package dev.iceflow.compaction.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Every file a table's metadata references, as Iceberg's orphan-file removal collects them: the
 * metadata.json files (current, and previous ones through the metadata log, followed back through
 * older metadata files), the manifest lists, manifests and data and delete files of every retained
 * snapshot (so time travel to any of them still reads), and statistics and partition-statistics
 * files. A file the table cannot read is an error, never "nothing is referenced".
 */
final class ReachableFiles {

  /** The only column read from manifests: the file's location. */
  private static final List<String> FILE_PATH = List.of("file_path");

  private ReachableFiles() {}

  static Set<String> of(Table table) {
    Set<String> files = new HashSet<>(ReachableFileUtil.metadataFileLocations(table, true));
    files.addAll(ReachableFileUtil.manifestListLocations(table));
    files.addAll(ReachableFileUtil.statisticsFilesLocations(table));
    for (ManifestFile manifest : manifests(table)) {
      files.add(manifest.path());
      addContentFiles(table, manifest, files);
    }
    return files;
  }

  /** The manifests of every snapshot, each once (snapshots share most of theirs). */
  private static Iterable<ManifestFile> manifests(Table table) {
    Map<String, ManifestFile> byPath = new HashMap<>();
    for (Snapshot snapshot : table.snapshots()) {
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        byPath.putIfAbsent(manifest.path(), manifest);
      }
    }
    return byPath.values();
  }

  private static void addContentFiles(Table table, ManifestFile manifest, Set<String> files) {
    try (ManifestReader<? extends ContentFile<?>> reader =
        manifest.content() == ManifestContent.DATA
            ? ManifestFiles.read(manifest, table.io(), table.specs())
            : ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
      for (ContentFile<?> file : reader.select(FILE_PATH)) {
        files.add(file.location());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest.path(), e);
    }
  }
}
