package dev.iceflow.commit;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.Tasks;
import org.apache.iceberg.util.ThreadPools;

/**
 * The data file paths each snapshot added, read from its manifests once per container: snapshots
 * are immutable, so a commit reads only the manifests of snapshots it has not seen before (usually
 * one) instead of the whole lookback window. A cold container meets a whole window it has not seen
 * (up to lookbackSnapshots snapshots, two S3 reads each: its manifest list and the manifest it
 * added), so the snapshots not read yet are read {@value #READERS} at a time: the reads are S3
 * round trips, not CPU.
 */
final class AddedFiles {

  /** Parallel manifest reads on a cold container; S3 serves far more per prefix. */
  static final int READERS = 16;

  private static final ExecutorService POOL =
      ThreadPools.newExitingWorkerPool("commit-added-files", READERS);

  private final Map<String, Set<String>> pathsBySnapshot = new ConcurrentHashMap<>();

  Set<String> of(Table table, Snapshot snapshot) {
    return pathsBySnapshot.computeIfAbsent(key(table, snapshot), k -> read(table, snapshot));
  }

  /** Reads, in parallel, the added files of those of {@code snapshots} not read yet. */
  void readAll(Table table, Collection<Snapshot> snapshots) {
    List<Snapshot> unread =
        snapshots.stream().filter(s -> !pathsBySnapshot.containsKey(key(table, s))).toList();
    if (unread.size() < 2) {
      return; // the usual warm commit: one new snapshot, read in the caller's thread by of()
    }
    Tasks.foreach(unread)
        .executeWith(POOL)
        .stopOnFailure()
        .throwFailureWhenFinished()
        // read outside computeIfAbsent: it would hold a lock of the map through the S3 reads
        .run(snapshot -> pathsBySnapshot.putIfAbsent(key(table, snapshot), read(table, snapshot)));
  }

  /** Whether the added files of {@code table}'s snapshot {@code snapshotId} have been read. */
  boolean holds(Table table, long snapshotId) {
    return pathsBySnapshot.containsKey(table.name() + "@" + snapshotId);
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

  private static Set<String> read(Table table, Snapshot snapshot) {
    Set<String> paths = new HashSet<>();
    for (DataFile file : snapshot.addedDataFiles(table.io())) {
      paths.add(file.location());
    }
    return Set.copyOf(paths);
  }

  private static String key(Table table, Snapshot snapshot) {
    return table.name() + "@" + snapshot.snapshotId();
  }
}
