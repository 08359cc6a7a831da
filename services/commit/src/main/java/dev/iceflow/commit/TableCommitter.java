package dev.iceflow.commit;

import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.iceberg.StagedDataFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.jboss.logging.Logger;

/**
 * One commit attempt for one table: refresh, drop batches already committed, evolve the schema if
 * the contract grew, and append every remaining staged file in one transaction whose snapshot
 * summary records the batch ids. Each attempt starts from a refreshed table, so a retry after a
 * conflict (or after a commit whose outcome was unknown) deduplicates against what really landed.
 */
final class TableCommitter {

  private static final Logger LOG = Logger.getLogger(TableCommitter.class);

  /** Where a test can hold the packaged function between its plan and its table commit. */
  static final String BEFORE_TABLE_COMMIT = "commit.before-table-commit";

  /** Where a fault run can crash it: the table holds the batches, the ledger still says PENDING. */
  static final String AFTER_TABLE_COMMIT = "commit.after-table-commit";

  private TableCommitter() {}

  static CommitOutcome attempt(
      Table table,
      DataContract contract,
      List<StagedBatch> batches,
      int lookbackSnapshots,
      AddedFiles addedFiles,
      String commitId) {
    return attempt(table, contract, batches, lookbackSnapshots, addedFiles, commitId, () -> {});
  }

  /**
   * @param addedFiles the container's cache of what each snapshot added (see AddedFiles)
   * @param commitId recorded in the snapshot summary: the ledger's PENDING entries name it, so a
   *     commit whose writer stopped before marking them COMMITTED is found by it
   * @param beforeTableCommit runs when the append is built, just before it is committed (the fault
   *     point {@link #BEFORE_TABLE_COMMIT})
   */
  static CommitOutcome attempt(
      Table table,
      DataContract contract,
      List<StagedBatch> batches,
      int lookbackSnapshots,
      AddedFiles addedFiles,
      String commitId,
      Runnable beforeTableCommit) {
    table.refresh();
    CommittedBatches committed = CommittedBatches.scan(table, lookbackSnapshots, addedFiles);
    List<StagedBatch> fresh = new ArrayList<>();
    List<CommitOutcome.Duplicate> duplicates = new ArrayList<>();
    for (StagedBatch batch : batches) {
      if (committed.contains(batch.batchId())) {
        duplicates.add(new CommitOutcome.Duplicate(batch, committed.snapshotOf(batch.batchId())));
      } else if (fresh.stream().noneMatch(f -> f.batchId().equals(batch.batchId()))) {
        fresh.add(batch); // the same batch twice in one SQS batch counts once
      }
    }
    if (fresh.isEmpty()) {
      return new CommitOutcome(null, List.of(), duplicates, List.of());
    }

    Schema wanted = ContractTables.schema(contract.table());
    List<String> schemaChanges = SchemaEvolution.plan(table.schema(), wanted);
    Transaction tx = table.newTransaction();
    if (!schemaChanges.isEmpty()) {
      var update = tx.updateSchema();
      SchemaEvolution.apply(table.schema(), wanted, update);
      update.commit();
      LOG.infof("evolving %s: %s", table.name(), schemaChanges);
    }
    AppendFiles append = tx.newAppend();
    int added = 0;
    for (StagedBatch batch : fresh) {
      for (StagedFile staged : batch.files()) {
        DataFile file = StagedDataFiles.toDataFile(table, batch.specId(), staged);
        if (committed.containsFile(file.location())) {
          LOG.warnf(
              "file %s of batch %s is already in %s; not adding it twice",
              file.location(), batch.batchId(), table.name());
          continue;
        }
        append.appendFile(file);
        added++;
      }
    }
    if (added == 0) {
      return new CommitOutcome(null, List.of(), duplicates, List.of());
    }
    append.set(
        SnapshotSummaryKeys.BATCH_IDS,
        SnapshotSummaryKeys.joinBatchIds(fresh.stream().map(StagedBatch::batchId).toList()));
    append.set(SnapshotSummaryKeys.COMMIT_ID, commitId);
    append.set(
        SnapshotSummaryKeys.EARLIEST_INGEST_TIME,
        fresh.stream()
            .map(StagedBatch::earliestIngestTime)
            .min(Comparator.naturalOrder())
            .orElse(Instant.now())
            .toString());
    beforeTableCommit.run();
    append.commit();
    tx.commitTransaction();
    return new CommitOutcome(
        snapshotWithCommitId(table, commitId), fresh, duplicates, schemaChanges);
  }

  /** Our snapshot, found by its commit id: another writer may have committed right after it. */
  private static Snapshot snapshotWithCommitId(Table table, String commitId) {
    table.refresh();
    Snapshot ours = RetainedHistory.snapshotWithCommitId(table, commitId);
    if (ours != null) {
      return ours;
    }
    throw new IllegalStateException(
        "commit %s succeeded but its snapshot is not among the ancestors of %s"
            .formatted(commitId, table.name()));
  }
}
