package dev.iceflow.ops.table;

import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;

/**
 * Sets the main branch back to the plan's target in one compare-and-swap against the metadata the
 * plan was read from: the commit Iceberg's ManageSnapshots.rollbackTo makes (SetSnapshotOperation),
 * without its refresh-and-retry. That retry re-applies the rollback on top of whatever landed in
 * between, which would undo a batch committed after the plan was shown, unannounced; here a
 * concurrent commit fails the swap (CommitFailedException) instead.
 */
final class RollbackCommit {

  private RollbackCommit() {}

  static void commit(TableOperations operations, TableMetadata planned, long target) {
    TableMetadata rolledBack =
        TableMetadata.buildFrom(planned).setBranchSnapshot(target, SnapshotRef.MAIN_BRANCH).build();
    operations.commit(planned, rolledBack);
  }
}
