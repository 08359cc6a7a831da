package dev.iceflow.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * How many live data files the partitions of a table's current snapshot hold: what compaction is
 * there to keep small (the FilesPerPartition metric; on-call alarms when it stays high). Read from
 * the snapshot's data manifests (their live entries), not through a table scan: a metric must not
 * plan the table's files a second time in a maintenance run.
 */
final class PartitionFileCounts {

  private PartitionFileCounts() {}

  /** The most data files any one partition holds; 0 for a table without data. */
  static int max(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    for (ManifestFile manifest : current.dataManifests(table.io())) {
      try (ManifestReader<DataFile> files =
          ManifestFiles.read(manifest, table.io(), table.specs())) {
        for (DataFile file : files) {
          PartitionSpec spec = table.specs().get(file.specId());
          // a partition is its spec and its values; the same values under two specs are two
          counts.merge(
              file.specId() + "/" + spec.partitionToPath(file.partition()), 1, Integer::sum);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read manifest " + manifest.path(), e);
      }
    }
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}
