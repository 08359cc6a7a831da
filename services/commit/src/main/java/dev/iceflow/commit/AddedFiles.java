package dev.iceflow.commit;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The data file paths each snapshot added, read from its manifests once per container: snapshots
 * are immutable, so a commit reads only the manifests of snapshots it has not seen before (usually
 * one) instead of the whole lookback window.
 */
final class AddedFiles {

  private final Map<String, Set<String>> pathsBySnapshot = new ConcurrentHashMap<>();

  Set<String> of(Table table, Snapshot snapshot) {
    return pathsBySnapshot.computeIfAbsent(
        key(table, snapshot),
        k -> {
          Set<String> paths = new HashSet<>();
          for (DataFile file : snapshot.addedDataFiles(table.io())) {
            paths.add(file.location());
          }
          return Set.copyOf(paths);
        });
  }

  /** Forgets snapshots of {@code table} outside {@code window}, keeping memory bounded. */
  void retain(Table table, Set<Long> window) {
    String prefix = table.name() + "@";
    pathsBySnapshot
        .keySet()
        .removeIf(
            k ->
                k.startsWith(prefix)
                    && !window.contains(Long.parseLong(k.substring(prefix.length()))));
  }

  private static String key(Table table, Snapshot snapshot) {
    return table.name() + "@" + snapshot.snapshotId();
  }
}
