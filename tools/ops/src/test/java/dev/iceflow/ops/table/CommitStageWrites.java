package dev.iceflow.ops.table;

import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.iceberg.ledger.BatchLedger;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * For tests: commits batches the way the commit stage does (services/commit's CommitService):
 * ledger entries PENDING under a commit id, one append whose summary records the batch ids and the
 * commit id, then the entries COMMITTED with the snapshot id.
 */
record CommitStageWrites(Table table, String qualifiedName, BatchLedger ledger) {

  static final int ROWS_PER_BATCH = 3;

  /** Commits {@code batchIds} in one snapshot; returns it. */
  Snapshot commit(String... batchIds) {
    String commitId = UUID.randomUUID().toString();
    for (String batchId : batchIds) {
      ledger.begin(qualifiedName, batchId, new Fingerprint(ROWS_PER_BATCH, null), commitId);
    }
    table.refresh();
    AppendFiles append = table.newAppend();
    for (String batchId : batchIds) {
      append.appendFile(
          ParquetFiles.write(table, FlightRows.rows(table.schema(), batchId, ROWS_PER_BATCH)));
    }
    append.set(SnapshotSummaryKeys.BATCH_IDS, SnapshotSummaryKeys.joinBatchIds(List.of(batchIds)));
    append.set(SnapshotSummaryKeys.COMMIT_ID, commitId);
    append.commit();
    Snapshot snapshot = table.currentSnapshot();
    for (String batchId : batchIds) {
      ledger.complete(qualifiedName, batchId, commitId, snapshot.snapshotId());
    }
    return snapshot;
  }
}
