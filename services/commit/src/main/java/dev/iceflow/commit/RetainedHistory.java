package dev.iceflow.commit;

import dev.iceflow.iceberg.SnapshotSummaryKeys;
import java.time.Instant;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What the table's retained history can still tell about a commit: the snapshot a commit id made,
 * and whether the history reaches back far enough for "not found" to mean "never landed".
 */
final class RetainedHistory {

  private RetainedHistory() {}

  /** The snapshot of {@code commitId} among the table's current ancestors, or null. */
  static Snapshot snapshotWithCommitId(Table table, String commitId) {
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (commitId.equals(snapshot.summary().get(SnapshotSummaryKeys.COMMIT_ID))) {
        return snapshot;
      }
    }
    return null;
  }

  /**
   * True when every snapshot committed after {@code since} is still among the current ancestors:
   * the unbroken chain of parents from the current snapshot reaches a snapshot older than {@code
   * since}, or the table's first snapshot (or the table has none). False when expiry (by anyone)
   * cut the chain at a snapshot younger than {@code since}: a commit made after {@code since} may
   * have landed and been expired since.
   *
   * <p>Strictly older: a snapshot stamped in the same millisecond as {@code since} could be the
   * parent of the very commit in question. Both times come from NTP-synchronised clocks (Amazon
   * Time Sync in Lambda), as Iceberg's own age-based expiry assumes.
   */
  static boolean reachesBackTo(Table table, Instant since) {
    Snapshot oldest = null;
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (snapshot.timestampMillis() < since.toEpochMilli()) {
        return true;
      }
      oldest = snapshot;
    }
    return oldest == null || oldest.parentId() == null;
  }
}
