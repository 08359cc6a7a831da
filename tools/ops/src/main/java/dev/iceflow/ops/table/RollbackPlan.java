package dev.iceflow.ops.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.TableMetadata;

/**
 * What rolling a table back to a snapshot undoes, read from one table metadata version: the
 * snapshots after the target in the current history (oldest first) and the batches they committed.
 * Or why it cannot be done.
 */
record RollbackPlan(String table, long target, long current, List<SnapshotRow> undone) {

  RollbackPlan {
    undone = List.copyOf(undone);
  }

  /**
   * The plan, or the reason there is none (a snapshot the table does not have, or one that is not
   * an ancestor of the current snapshot).
   */
  static Result of(String table, TableMetadata metadata, long target) {
    TableHistory history = TableHistory.of(table, metadata);
    if (history.currentSnapshotId() == null) {
      return Result.refused("%s has no snapshot to roll back".formatted(table));
    }
    Optional<SnapshotRow> wanted =
        history.snapshots().stream().filter(s -> s.snapshotId() == target).findFirst();
    if (wanted.isEmpty()) {
      return Result.refused(
          "%s has no snapshot %d (expired, or never its own): ops table history lists the retained ones"
              .formatted(table, target));
    }
    if (!wanted.get().inCurrentHistory()) {
      return Result.refused(
          "snapshot %d is not an ancestor of %s's current snapshot %d (it was rolled back, or is on"
                  .formatted(target, table, history.currentSnapshotId())
              + " another branch): a rollback only goes back along the current history; ops"
              + " table history marks it ~");
    }
    List<Long> ancestors = TableHistory.currentAncestorIds(metadata);
    List<SnapshotRow> undone = new ArrayList<>();
    for (long id : ancestors) {
      if (id == target) {
        break;
      }
      history.snapshots().stream()
          .filter(s -> s.snapshotId() == id)
          .findFirst()
          .ifPresent(s -> undone.add(0, s));
    }
    return new Result(
        Optional.of(new RollbackPlan(table, target, history.currentSnapshotId(), undone)),
        Optional.empty());
  }

  /** Every batch id the undone snapshots committed, in commit order. */
  List<String> undoneBatchIds() {
    return undone.stream().flatMap(s -> s.batchIds().stream()).toList();
  }

  /** A plan, or why there is none. */
  record Result(Optional<RollbackPlan> plan, Optional<String> refusal) {

    static Result refused(String reason) {
      return new Result(Optional.empty(), Optional.of(reason));
    }
  }
}
