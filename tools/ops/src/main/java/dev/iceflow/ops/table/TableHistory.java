package dev.iceflow.ops.table;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.util.SnapshotUtil;

/** A table's retained snapshots, oldest first, as {@link SnapshotRow}s. */
public record TableHistory(String table, Long currentSnapshotId, List<SnapshotRow> snapshots) {

  public TableHistory {
    snapshots = List.copyOf(snapshots);
  }

  /** Read from one table metadata (one consistent version of the table). */
  static TableHistory of(String table, TableMetadata metadata) {
    Snapshot current = metadata.currentSnapshot();
    Set<Long> history = new HashSet<>(currentAncestorIds(metadata));
    List<SnapshotRow> rows =
        metadata.snapshots().stream()
            .sorted(
                Comparator.comparingLong(Snapshot::sequenceNumber)
                    .thenComparingLong(Snapshot::timestampMillis))
            .map(
                s ->
                    SnapshotRow.of(
                        s,
                        current != null && current.snapshotId() == s.snapshotId(),
                        history.contains(s.snapshotId())))
            .toList();
    return new TableHistory(table, current == null ? null : current.snapshotId(), rows);
  }

  /** The current snapshot and its parents, newest first (empty for a table with no snapshot). */
  static List<Long> currentAncestorIds(TableMetadata metadata) {
    Snapshot current = metadata.currentSnapshot();
    if (current == null) {
      return List.of();
    }
    return SnapshotUtil.ancestorIds(current, metadata::snapshot);
  }
}
