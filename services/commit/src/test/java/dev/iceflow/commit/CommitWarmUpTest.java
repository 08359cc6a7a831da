package dev.iceflow.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.iceberg.ledger.BatchLedger;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The init-time warm-up against the embedded AWS and the local catalog: it reads a table's history
 * and writes nothing, and a dataset whose table does not exist yet neither stops it nor gets a
 * table from it. (The function itself started with it: Quarkus ran it at boot for this test.)
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class CommitWarmUpTest {

  private static HandlerHarness handler;

  /** Another writer, as enrichment's and compaction's commits are to this function. */
  private static Catalog otherWriter;

  @Inject CommitWarmUp warmUp;
  @Inject CommitService service;

  @BeforeAll
  static void connect() {
    handler = HandlerHarness.consuming("commit");
    otherWriter = handler.aws().openCatalog();
  }

  @AfterAll
  static void disconnect() {
    handler.close();
  }

  @Test
  void shouldReadTheTablesHistory_andWriteNothing_whenWarmingUp() {
    Table table = ContractTableCreator.loadOrCreate(otherWriter, dataset("flights").table());
    commitByAnotherWriter(table, "warm-a-" + UUID.randomUUID());
    Snapshot newest = commitByAnotherWriter(table, "warm-b-" + UUID.randomUUID());
    String metadataBefore = metadataLocation(table);

    int tables = warmUp.warmUp();

    table.refresh();
    assertThat(tables).isPositive();
    assertThat(metadataLocation(table)).isEqualTo(metadataBefore);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(newest.snapshotId());
    assertThat(service.hasReadAddedFiles("flights", newest.snapshotId()))
        .as("the warm-up read the added files of a snapshot this container never committed")
        .isTrue();
    assertThat(ledger().find("iceflow.flights", CommitService.WARM_UP_BATCH_ID)).isEmpty();
  }

  @Test
  void shouldCreateNoTable_andGoOn_whenADatasetsTableDoesNotExistYet() {
    TableIdentifier weather = ContractTables.identifier(dataset("seattle_weather").table());
    if (otherWriter.tableExists(weather)) {
      otherWriter.dropTable(weather, false);
    }

    warmUp.warmUp();

    assertThat(otherWriter.tableExists(weather)).isFalse();
    assertThat(service.warmUp("seattle_weather")).isFalse();
  }

  /** An append as the commit stage makes it (batch id in the summary), by another writer. */
  private static Snapshot commitByAnotherWriter(Table table, String batchId) {
    table.refresh();
    table
        .newAppend()
        .appendFile(ParquetFiles.write(table, FlightRows.rows(table.schema(), batchId, 3)))
        .set(SnapshotSummaryKeys.BATCH_IDS, SnapshotSummaryKeys.joinBatchIds(List.of(batchId)))
        .set(SnapshotSummaryKeys.COMMIT_ID, UUID.randomUUID().toString())
        .commit();
    return table.currentSnapshot();
  }

  private static String metadataLocation(Table table) {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }

  private static BatchLedger ledger() {
    return new BatchLedger(
        handler.aws().clients().configure(DynamoDbClient.builder()).build(),
        handler.aws().provisioned().ledger(Ledgers.IDEMPOTENCY),
        Duration.ofDays(1),
        Clock.systemUTC());
  }

  private static DataContract dataset(String name) {
    return Contracts.packaged().dataset(name).orElseThrow();
  }
}
