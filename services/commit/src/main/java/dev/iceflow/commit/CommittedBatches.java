package dev.iceflow.commit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
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

  static CommittedBatches scan(Table table, int lookbackSnapshots) {
    CommittedBatches committed = new CommittedBatches();
    int seen = 0;
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (seen++ >= lookbackSnapshots) {
        break;
      }
      String ids = snapshot.summary().get(SummaryKeys.BATCH_IDS);
      if (ids == null) {
        continue; // not ours (e.g. compaction): it adds no new data
      }
      for (String id : ids.split(SummaryKeys.BATCH_ID_SEPARATOR)) {
        committed.snapshotByBatchId.putIfAbsent(id, snapshot);
      }
      for (DataFile file : snapshot.addedDataFiles(table.io())) {
        committed.addedPaths.add(file.location());
      }
    }
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
