package dev.iceflow.bench.steady;

import dev.iceflow.iceberg.SnapshotSummaryKeys;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Which snapshot holds each batch, from the snapshot summaries the commit stage writes atomically
 * with the data (its batch ids): the same record the exactly-once guarantee rests on, so a batch
 * counts as committed exactly when a reader can see it.
 */
final class CommittedBatches {

  /** The snapshot that committed a batch, and how many batches it committed together. */
  record Commit(long snapshotId, long timestampMillis, int batchesInCommit) {}

  private final Table table;
  private final Map<String, Commit> byBatch = new HashMap<>();
  private final Map<Long, Boolean> seen = new HashMap<>();

  CommittedBatches(Table table) {
    this.table = table;
  }

  /** Reads the snapshots committed since the last look. */
  CommittedBatches refresh() {
    table.refresh();
    for (Snapshot snapshot : table.snapshots()) {
      if (seen.putIfAbsent(snapshot.snapshotId(), Boolean.TRUE) != null) {
        continue;
      }
      var ids = SnapshotSummaryKeys.batchIds(snapshot.summary());
      for (String id : ids) {
        byBatch.putIfAbsent(
            id, new Commit(snapshot.snapshotId(), snapshot.timestampMillis(), ids.size()));
      }
    }
    return this;
  }

  Optional<Commit> of(String batchId) {
    return Optional.ofNullable(byBatch.get(batchId));
  }

  boolean allCommitted(Collection<PublishedBatch> batches) {
    return batches.stream().allMatch(b -> byBatch.containsKey(b.batchId()));
  }
}
