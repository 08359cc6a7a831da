package dev.iceflow.ops.table;

import dev.iceflow.iceberg.SnapshotSummaryKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;

/**
 * One snapshot as on-call reads it: when, what operation, what it added and removed (Iceberg's
 * summary counts), the batches the commit stage committed in it, and where it stands: the current
 * snapshot, one of its ancestors, or off the current history (rolled back).
 */
public record SnapshotRow(
    long snapshotId,
    Long parentId,
    Instant committedAt,
    String operation,
    long addedRecords,
    long deletedRecords,
    long addedFiles,
    long deletedFiles,
    long totalRecords,
    long totalFiles,
    List<String> batchIds,
    String commitId,
    boolean current,
    boolean inCurrentHistory) {

  public SnapshotRow {
    batchIds = List.copyOf(batchIds);
  }

  static SnapshotRow of(Snapshot snapshot, boolean current, boolean inCurrentHistory) {
    Map<String, String> summary = snapshot.summary();
    return new SnapshotRow(
        snapshot.snapshotId(),
        snapshot.parentId(),
        Instant.ofEpochMilli(snapshot.timestampMillis()),
        snapshot.operation(),
        count(summary, SnapshotSummary.ADDED_RECORDS_PROP),
        count(summary, SnapshotSummary.DELETED_RECORDS_PROP),
        count(summary, SnapshotSummary.ADDED_FILES_PROP),
        count(summary, SnapshotSummary.DELETED_FILES_PROP),
        count(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
        count(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP),
        SnapshotSummaryKeys.batchIds(summary),
        summary.get(SnapshotSummaryKeys.COMMIT_ID),
        current,
        inCurrentHistory);
  }

  /** Iceberg leaves a count out of the summary when it is zero. */
  private static long count(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }
}
