package dev.iceflow.compaction.maintenance;

import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.iceberg.ledger.BatchLedger;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * For maintenance tests: tables of the flights contract's shape under fresh names (so no other test
 * shares their files or snapshots), snapshots committed the way the commit stage commits them, and
 * the idempotency ledger.
 */
final class MaintainedTables {

  private final LocalAws aws;
  private final Catalog catalog;

  MaintainedTables(LocalAws aws) {
    this.aws = aws;
    this.catalog = aws.openCatalog();
  }

  /** A new empty table shaped like the flights contract's, named {@code prefix} plus a suffix. */
  Table create(String prefix) {
    return createNamed(prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
  }

  Table createNamed(String name) {
    TableSpec flights = aws.contracts().dataset("flights").orElseThrow().table();
    return ContractTableCreator.loadOrCreate(
        catalog,
        new TableSpec(
            flights.namespace(),
            name,
            flights.formatVersion(),
            flights.schema(),
            flights.partitionSpec(),
            flights.sortOrder(),
            flights.properties()));
  }

  /** The same table through another catalog connection: another writer's view of it. */
  Table otherWriter(Table table) {
    return aws.openCatalog().loadTable(TableIdentifier.parse(SnapshotExpiry.ledgerTable(table)));
  }

  /** Appends one Parquet file of {@code rows} rows of {@code batchId} as the commit stage does. */
  static Snapshot commitBatch(Table table, String batchId, String commitId, int rows) {
    DataFile file = stage(table, batchId, rows);
    table
        .newAppend()
        .appendFile(file)
        .set(SnapshotSummaryKeys.BATCH_IDS, batchId)
        .set(SnapshotSummaryKeys.COMMIT_ID, commitId)
        .commit();
    return table.currentSnapshot();
  }

  /** A Parquet file under the table's data location, as enrichment stages one: not committed. */
  static DataFile stage(Table table, String batchId, int rows) {
    return ParquetFiles.write(table, FlightRows.rows(table.schema(), batchId, rows));
  }

  /** Every file under the table's location, as S3 lists it. */
  static List<String> filesUnder(Table table) {
    List<String> files = new ArrayList<>();
    for (FileInfo file :
        ((SupportsPrefixOperations) table.io()).listPrefix(table.location() + "/")) {
      files.add(file.location());
    }
    return files;
  }

  static boolean exists(Table table, String location) {
    return table.io().newInputFile(location).exists();
  }

  BatchLedger ledger() {
    return ledger(aws.provisioned().ledger(Ledgers.IDEMPOTENCY));
  }

  BatchLedger ledger(String dynamoTable) {
    return new BatchLedger(
        aws.clients().configure(DynamoDbClient.builder()).build(),
        dynamoTable,
        Duration.ofDays(1),
        Clock.systemUTC());
  }
}
