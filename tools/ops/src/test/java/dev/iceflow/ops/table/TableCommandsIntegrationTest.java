package dev.iceflow.ops.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.ledger.BatchLedger;
import dev.iceflow.iceberg.ledger.LedgerConflictException;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.ops.OpsRun;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ops table history} and {@code ops table rollback} on the embedded AWS and the local
 * catalog, against a fresh table per test (the flights contract's, under a unique name) whose
 * batches are committed as the commit stage commits them, ledger included.
 */
@WithLocalAws
class TableCommandsIntegrationTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalAws aws;
  private static Catalog catalog;
  private static DynamoDbClient dynamo;
  private static String ledgerTable;

  private Table table;
  private String qualifiedName;
  private BatchLedger ledger;
  private CommitStageWrites commits;

  @BeforeAll
  static void connect(LocalAws localAws) {
    aws = localAws;
    catalog = aws.openCatalog();
    dynamo = aws.clients().configure(DynamoDbClient.builder()).build();
    ledgerTable = aws.provisioned().ledger(Ledgers.IDEMPOTENCY);
  }

  @AfterAll
  static void close() throws Exception {
    dynamo.close();
    ((AutoCloseable) catalog).close();
  }

  @BeforeEach
  void freshTable() {
    TableSpec flights = aws.contracts().requireDataset("flights").table();
    TableSpec spec =
        new TableSpec(
            flights.namespace(),
            "ops_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
            flights.formatVersion(),
            flights.schema(),
            flights.partitionSpec(),
            flights.sortOrder(),
            flights.properties());
    table = ContractTableCreator.loadOrCreate(catalog, spec);
    qualifiedName = spec.qualifiedName();
    ledger = new BatchLedger(dynamo, ledgerTable, Duration.ofDays(1), CLOCK);
    commits = new CommitStageWrites(table, qualifiedName, ledger);
  }

  @Test
  void historyListsEverySnapshotWithTheBatchIdsItCommitted_andMarksTheCurrentOne()
      throws Exception {
    Snapshot first = commits.commit("b-1");
    Snapshot second = commits.commit("b-2", "b-3");

    OpsRun run = ops("table", "history", "--table", qualifiedName, "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode history = JSON.readTree(run.out());
    assertThat(history.get("currentSnapshotId").asLong()).isEqualTo(second.snapshotId());
    JsonNode snapshots = history.get("snapshots");
    assertThat(snapshots).hasSize(2);
    assertThat(snapshots.get(0).get("snapshotId").asLong()).isEqualTo(first.snapshotId());
    assertThat(texts(snapshots.get(0).get("batchIds"))).containsExactly("b-1");
    assertThat(snapshots.get(0).get("current").asBoolean()).isFalse();
    assertThat(snapshots.get(0).get("addedRecords").asLong())
        .isEqualTo(CommitStageWrites.ROWS_PER_BATCH);
    assertThat(snapshots.get(1).get("snapshotId").asLong()).isEqualTo(second.snapshotId());
    assertThat(texts(snapshots.get(1).get("batchIds"))).containsExactly("b-2", "b-3");
    assertThat(snapshots.get(1).get("current").asBoolean()).isTrue();
    assertThat(snapshots.get(1).get("addedFiles").asLong()).isEqualTo(2);

    OpsRun text = ops("table", "history", "--table", qualifiedName);
    assertThat(text.out())
        .containsPattern("\\* " + second.snapshotId() + " .*b-2, b-3")
        .containsPattern("  " + first.snapshotId() + " .*b-1");
  }

  @Test
  void rollbackRefusesASnapshotThatIsNotAnAncestorOfTheCurrentOne() {
    Snapshot first = commits.commit("b-1");
    Snapshot abandoned = commits.commit("b-2");
    table.manageSnapshots().rollbackTo(first.snapshotId()).commit();
    Snapshot current = commits.commit("b-3");

    OpsRun run = rollback(abandoned.snapshotId(), "--yes");

    assertThat(run.exitCode()).isEqualTo(RollbackCommand.REFUSED_EXIT_CODE);
    assertThat(run.err()).contains("not an ancestor").contains("" + abandoned.snapshotId());
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(current.snapshotId());
  }

  @Test
  void rollbackWithoutYesNamesTheBatchesItWouldUndo_andChangesNothing() {
    Snapshot first = commits.commit("b-1");
    commits.commit("b-2");
    Snapshot third = commits.commit("b-3", "b-4");

    OpsRun run = rollback(first.snapshotId());

    assertThat(run.exitCode()).isEqualTo(RollbackCommand.REFUSED_EXIT_CODE);
    assertThat(run.out())
        .contains("Batches undone (3): b-2, b-3, b-4")
        .contains("Not rolled back: repeat with --yes");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(third.snapshotId());
    assertThat(ledger.find(qualifiedName, "b-2")).isPresent();
    assertThat(ledger.find(qualifiedName, "b-4")).isPresent();
  }

  @Test
  void rollbackWithYesUndoesTheBatches_andReleasesThemSoTheyCanBeCommittedAgain() {
    Snapshot first = commits.commit("b-1");
    commits.commit("b-2");
    // before the rollback the ledger refuses b-2 again: the check below is not vacuous
    assertThatThrownBy(
            () -> ledger.begin(qualifiedName, "b-2", new Fingerprint(3, null), "another-commit"))
        .isInstanceOf(LedgerConflictException.class);

    OpsRun run = rollback(first.snapshotId(), "--yes");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Batches undone (1): b-2").contains("released b-2");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(first.snapshotId());
    assertThat(ledger.find(qualifiedName, "b-2")).isEmpty();
    assertThat(ledger.find(qualifiedName, "b-1")).isPresent();

    Snapshot again = commits.commit("b-2");

    table.refresh();
    assertThat(again.parentId()).isEqualTo(first.snapshotId());
    assertThat(ledger.find(qualifiedName, "b-2").orElseThrow().snapshotId())
        .isEqualTo(again.snapshotId());
    assertThat(table.currentSnapshot().summary().get("total-records"))
        .isEqualTo("" + 2 * CommitStageWrites.ROWS_PER_BATCH);
  }

  @Test
  void theRollbackSwapFails_whenABatchWasCommittedAfterThePlanWasRead() throws Exception {
    Snapshot first = commits.commit("b-1");
    commits.commit("b-2");
    // ops' own catalog and table, as in its own process: the catalog's compare-and-swap decides
    Catalog opsCatalog = aws.openCatalog();
    try {
      TableOperations operations =
          ((HasTableOperations) opsCatalog.loadTable(TableChoice.identifier(qualifiedName)))
              .operations();
      TableMetadata planned = operations.current();
      Snapshot meanwhile = commits.commit("b-3");

      assertThatThrownBy(() -> RollbackCommit.commit(operations, planned, first.snapshotId()))
          .isInstanceOf(CommitFailedException.class);

      table.refresh();
      assertThat(table.currentSnapshot().snapshotId()).isEqualTo(meanwhile.snapshotId());
    } finally {
      ((AutoCloseable) opsCatalog).close();
    }
  }

  private OpsRun rollback(long snapshotId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "table",
                "rollback",
                "--table",
                qualifiedName,
                "--to-snapshot",
                "" + snapshotId,
                "--idempotency-table",
                ledgerTable));
    args.addAll(List.of(more));
    return ops(args.toArray(String[]::new));
  }

  private static OpsRun ops(String... args) {
    String[] target = {
      "--endpoint-url", aws.endpoint().toString(), "--catalog-uri", aws.catalogJdbcUri()
    };
    return OpsRun.execute(
        CLOCK, Stream.concat(Stream.of(args), Stream.of(target)).toArray(String[]::new));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
