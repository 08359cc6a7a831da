package dev.iceflow.local.catalog;

import static dev.iceflow.local.catalog.CommitRace.appended;
import static dev.iceflow.local.catalog.CommitRace.batchesIn;
import static dev.iceflow.local.catalog.CommitRace.commit;
import static dev.iceflow.local.catalog.CommitRace.operations;
import static dev.iceflow.local.catalog.CommitRace.race;
import static dev.iceflow.local.catalog.CommitRace.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.iceberg.CatalogProperties;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local catalog (JdbcCatalog on SQLite, data through S3FileIO to the emulator's S3). */
@WithLocalAws
class LocalCatalogIntegrationTest {

  private static Catalog catalog;
  private static TableSpec flights;
  private static TableIdentifier id;

  @BeforeAll
  static void openCatalog(LocalAws aws) throws IOException {
    java.nio.file.Files.createDirectories(aws.runDirectory());
    Map<String, String> properties =
        CatalogProperties.local(
            CatalogProperties.sqliteUri(aws.runDirectory().resolve("catalog-test.db")),
            aws.provisioned().bucket("warehouse"),
            aws.endpoint(),
            LocalAws.REGION,
            AwsSettings.EMULATOR_ACCESS_KEY,
            AwsSettings.EMULATOR_SECRET_KEY);
    catalog = CatalogProperties.load("iceflow", properties);
    flights = aws.contracts().dataset("flights").orElseThrow().table();
    id = ContractTables.identifier(flights);
  }

  @AfterAll
  static void closeCatalog() throws Exception {
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @BeforeEach
  void freshTable() {
    catalog.dropTable(id, true);
  }

  @Test
  void createsTheFlightsTableFromItsContract_appendsAParquetFile_andReadsTheRowsBack()
      throws IOException {
    Table table = ContractTableCreator.loadOrCreate(catalog, flights);
    List<Record> rows = FlightRows.rows(table.schema(), "b-1", 25);

    DataFile file = ParquetFiles.write(table, rows);
    table.newAppend().appendFile(file).commit();

    Table reloaded = catalog.loadTable(id);
    assertThat(reloaded.spec().fields().get(0).name()).isEqualTo("event_day");
    assertThat(reloaded.properties()).containsEntry("write.parquet.compression-codec", "zstd");
    assertThat(file.location())
        .startsWith("s3://iceflow-local-warehouse/iceflow/flights/data/event_day=2001-01-01/");
    assertThat(readAll(reloaded))
        .hasSize(25)
        .extracting(r -> r.getField("record_position"))
        .containsExactlyInAnyOrderElementsOf(
            rows.stream().map(r -> r.getField("record_position")).toList());
    assertThat(reloaded.currentSnapshot().summary()).containsEntry("added-records", "25");
  }

  @Test
  void twoConcurrentCommitsFromTheSameBase_endWithExactlyOneCommitFailedException_andNoLostData()
      throws Exception {
    Table table = ContractTableCreator.loadOrCreate(catalog, flights);
    DataFile fileA = ParquetFiles.write(table, FlightRows.rows(table.schema(), "batch-a", 10));
    DataFile fileB = ParquetFiles.write(table, FlightRows.rows(table.schema(), "batch-b", 7));
    TableOperations opsA = operations(catalog.loadTable(id));
    TableOperations opsB = operations(catalog.loadTable(id));
    TableMetadata base = opsA.current();
    assertThat(opsB.current().metadataFileLocation()).isEqualTo(base.metadataFileLocation());
    TableMetadata withA = appended(catalog.loadTable(id), base, fileA);
    TableMetadata withB = appended(catalog.loadTable(id), base, fileB);

    List<Throwable> outcomes =
        race(() -> commit(opsA, base, withA), () -> commit(opsB, base, withB));

    assertThat(outcomes).filteredOn(CommitFailedException.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == null).hasSize(1);

    // the loser retries the way Iceberg's own retry does: refresh, re-apply, commit
    Table refreshed = catalog.loadTable(id);
    List<String> committedBatches = batchesIn(refreshed);
    DataFile loser = committedBatches.contains("batch-a") ? fileB : fileA;
    refreshed.newAppend().appendFile(loser).commit();

    assertThat(readAll(catalog.loadTable(id))).hasSize(17);
    assertThat(batchesIn(catalog.loadTable(id))).containsExactlyInAnyOrder("batch-a", "batch-b");
  }
}
