package dev.iceflow.compaction;

import java.time.Instant;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The snapshots maintenance made, found by the run id each records in its summary. This is how a
 * run knows, in any Lambda container, that the table was maintained a moment ago: the table's own
 * history says so, atomically with the work, with no state of ours to keep in step with it (a table
 * property would cost a commit of its own, racing the commit stage; a ledger row could disagree
 * with the table after a crash).
 */
public final class MaintenanceSnapshots {

  /** Snapshot summary key: the id of the maintenance run that made the snapshot. */
  public static final String RUN_ID = "iceflow.maintenance-run-id";

  private MaintenanceSnapshots() {}

  /**
   * The newest snapshot maintenance made at or after {@code since} among the current snapshot's
   * ancestors. Walks back only until {@code since}: snapshot timestamps grow along the ancestry.
   */
  public static Optional<Snapshot> maintainedSince(Table table, Instant since) {
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (snapshot.timestampMillis() < since.toEpochMilli()) {
        return Optional.empty();
      }
      if (snapshot.summary().containsKey(RUN_ID)) {
        return Optional.of(snapshot);
      }
    }
    return Optional.empty();
  }

  /**
   * The newest snapshot of run {@code runId} with {@code operation} (e.g. replace), looking back to
   * when the run started.
   */
  public static Optional<Snapshot> newestOf(
      Table table, String runId, String operation, Instant runStarted) {
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (snapshot.timestampMillis() < runStarted.toEpochMilli()) {
        return Optional.empty();
      }
      if (runId.equals(snapshot.summary().get(RUN_ID)) && operation.equals(snapshot.operation())) {
        return Optional.of(snapshot);
      }
    }
    return Optional.empty();
  }
}
