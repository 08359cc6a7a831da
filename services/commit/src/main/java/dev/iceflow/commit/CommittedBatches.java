package dev.iceflow.commit;

import dev.iceflow.iceberg.SnapshotSummaryKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What recent snapshots of a table already hold: the batch ids recorded in their summaries and the
 * paths of the data files they added. Bounded by a number of snapshots back from the current one.
 */
final class CommittedBatches {

  private final Map<String, Snapshot> snapshotByBatchId = new HashMap<>();
  private final Set<String> addedPaths = new HashSet<>();

  private CommittedBatches() {}

  static CommittedBatches scan(Table table, int lookbackSnapshots, AddedFiles addedFiles) {
    CommittedBatches committed = new CommittedBatches();
    Set<Long> window = new HashSet<>();
    List<Snapshot> ours = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (window.size() >= lookbackSnapshots) {
        break;
      }
      window.add(snapshot.snapshotId());
      List<String> ids = SnapshotSummaryKeys.batchIds(snapshot.summary());
      if (ids.isEmpty()) {
        continue; // not ours (e.g. compaction): it adds no new data
      }
      for (String id : ids) {
        committed.snapshotByBatchId.putIfAbsent(id, snapshot);
      }
      ours.add(snapshot);
    }
    addedFiles.readAll(table, ours);
    for (Snapshot snapshot : ours) {
      committed.addedPaths.addAll(addedFiles.of(table, snapshot));
    }
    addedFiles.retain(table, window);
    return committed;
  }

  boolean contains(String batchId) {
    return snapshotByBatchId.containsKey(batchId);
  }

  Snapshot snapshotOf(String batchId) {
    return snapshotByBatchId.get(batchId);
  }

  boolean containsFile(String path) {
    return addedPaths.contains(path);
  }
}
