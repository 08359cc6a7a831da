package dev.iceflow.local.catalog;

import static dev.iceflow.local.catalog.CommitRace.appended;
import static dev.iceflow.local.catalog.CommitRace.batchesIn;
import static dev.iceflow.local.catalog.CommitRace.commit;
import static dev.iceflow.local.catalog.CommitRace.operations;
import static dev.iceflow.local.catalog.CommitRace.race;
import static dev.iceflow.local.catalog.CommitRace.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.aws.EmulatorCredentials;
import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.iceberg.CatalogFactory;
import dev.iceflow.iceberg.CatalogProperties;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.iceberg.faults.CommitStateUnknownInjection;
import dev.iceflow.iceberg.faults.UnknownCommitState;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.junit.WithLocalAws;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.AuthProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The functions' catalog path locally: Iceberg's REST catalog client, configured as a function is
 * (ServiceConfig → CatalogFactory, SigV4 with the commit function's own keys), against the
 * platform's REST catalog server over the run's SQLite JdbcCatalog, which the tools read directly.
 */
@WithLocalAws
class RestCatalogIntegrationTest {

  private static LocalAws aws;
  private static Catalog rest;
  private static Catalog otherRest;
  private static Catalog jdbc;
  private static TableSpec flights;
  private static TableIdentifier id;

  @BeforeAll
  static void openCatalogs(LocalAws localAws) {
    aws = localAws;
    rest = asFunction("commit");
    otherRest = asFunction("compaction");
    jdbc = aws.openCatalog();
    flights = aws.contracts().dataset("flights").orElseThrow().table();
    id = ContractTables.identifier(flights);
  }

  @AfterAll
  static void closeCatalogs() throws Exception {
    for (Catalog catalog : List.of(rest, otherRest, jdbc)) {
      ((AutoCloseable) catalog).close();
    }
  }

  @BeforeEach
  void freshTable() {
    jdbc.dropTable(id, true);
  }

  @Test
  void aTableCreatedAndAppendedThroughRest_isTheJdbcCatalogsTable_whereTheToolsReadIt()
      throws IOException {
    Table table = ContractTableCreator.loadOrCreate(rest, flights);
    assertThat(rest).isInstanceOf(RESTCatalog.class);
    assertThat(operations(table).getClass().getSimpleName()).isEqualTo("RESTTableOperations");

    DataFile file = ParquetFiles.write(table, FlightRows.rows(table.schema(), "rest-1", 12));
    table.newAppend().appendFile(file).commit();

    Table seenByTools = jdbc.loadTable(id);
    assertThat(seenByTools.location())
        .isEqualTo("s3://" + aws.provisioned().bucket("warehouse") + "/iceflow/flights");
    assertThat(seenByTools.currentSnapshot().snapshotId())
        .isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(readAll(seenByTools)).hasSize(12);
  }

  @Test
  void twoConcurrentCommitsFromTheSameBase_throughTheRestServer_oneFailsCleanly_noneIsLost()
      throws Exception {
    Table table = ContractTableCreator.loadOrCreate(rest, flights);
    DataFile fileA = ParquetFiles.write(table, FlightRows.rows(table.schema(), "batch-a", 10));
    DataFile fileB = ParquetFiles.write(table, FlightRows.rows(table.schema(), "batch-b", 7));
    TableOperations opsA = operations(rest.loadTable(id));
    TableOperations opsB = operations(otherRest.loadTable(id));
    TableMetadata base = opsA.current();
    assertThat(opsB.current().metadataFileLocation()).isEqualTo(base.metadataFileLocation());
    TableMetadata withA = appended(rest.loadTable(id), base, fileA);
    TableMetadata withB = appended(otherRest.loadTable(id), base, fileB);

    List<Throwable> outcomes =
        race(() -> commit(opsA, base, withA), () -> commit(opsB, base, withB));

    // whichever reaches JdbcCatalog second finds the table moved on: a conflict, not an overwrite
    assertThat(outcomes).filteredOn(CommitFailedException.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == null).hasSize(1);
    List<String> committed = batchesIn(jdbc.loadTable(id));
    assertThat(committed).hasSize(1);

    // the loser retries the way Iceberg's own retry does: refresh, re-apply, commit
    DataFile loser = committed.contains("batch-a") ? fileB : fileA;
    Catalog loserCatalog = committed.contains("batch-a") ? otherRest : rest;
    loserCatalog.loadTable(id).newAppend().appendFile(loser).commit();

    assertThat(readAll(jdbc.loadTable(id))).hasSize(17);
    assertThat(batchesIn(jdbc.loadTable(id))).containsExactlyInAnyOrder("batch-a", "batch-b");
  }

  @Test
  void anInjectedUnknownCommitState_wrapsTheRestTableOperations_andTheAppliedCommitIsThere()
      throws IOException {
    Table table =
        new CommitStateUnknownInjection(() -> UnknownCommitState.AFTER_APPLY)
            .wrap(ContractTableCreator.loadOrCreate(rest, flights));
    DataFile file = ParquetFiles.write(table, FlightRows.rows(table.schema(), "unknown-1", 3));

    assertThatThrownBy(() -> table.newAppend().appendFile(file).commit())
        .isInstanceOf(CommitStateUnknownException.class);

    assertThat(batchesIn(jdbc.loadTable(id))).containsExactly("unknown-1");
  }

  @Test
  void anUnsignedClient_isRefused() {
    Map<String, String> unsigned =
        CatalogProperties.emulatedRest(
            aws.catalogRestUri(), LocalAws.REGION, aws.endpoint(), EmulatorCredentials.OPERATOR);
    unsigned.put(AuthProperties.AUTH_TYPE, AuthProperties.AUTH_TYPE_NONE);

    assertThatThrownBy(() -> CatalogProperties.load("unsigned", unsigned))
        .hasMessageContaining("not SigV4-signed for the glue service");
  }

  /** The catalog as the function {@code function} opens it on the local platform. */
  private static Catalog asFunction(String function) {
    Map<String, String> config = ServiceConfig.of(aws, aws.functionCredentials(function));
    IceflowConfig iceflow =
        new SmallRyeConfigBuilder()
            .withMapping(IceflowConfig.class)
            .withSources(new PropertiesConfigSource(config, "local-aws", 100))
            .build()
            .getConfigMapping(IceflowConfig.class);
    return CatalogFactory.open(iceflow);
  }
}
