package dev.iceflow.compaction;

import static dev.iceflow.compaction.TableData.DAY;
import static dev.iceflow.compaction.TableData.append;
import static dev.iceflow.compaction.TableData.write;
import static dev.iceflow.testkit.lambda.HandlerHarness.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.compaction.maintenance.OrphanFiles;
import dev.iceflow.compaction.maintenance.SnapshotExpiry;
import dev.iceflow.compaction.rewrite.RewriteRunnerFactory;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.iceberg.TableCatalog;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One run's steps by trigger and mode, and its announcement. Snapshot expiry and orphan removal are
 * another class's work (tested there): here they are replaced by steps that record how they were
 * called, so what this test claims (when they run, with which window) is all that is tested.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class TableMaintenanceTest {

  private static final Logger LOG = Logger.getLogger(TableMaintenanceTest.class);

  private static HandlerHarness harness;
  private static TableData data;

  @Inject CompactionConfig config;
  @Inject TableCatalog catalog;
  @Inject CompactionAnnouncer announcer;
  @Inject Contracts contracts;

  private final List<MaintenanceSpec> expiries = new CopyOnWriteArrayList<>();
  private final List<Duration> sweeps = new CopyOnWriteArrayList<>();
  private final List<Boolean> dryRuns = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() {
    harness = HandlerHarness.consuming("compaction");
    data = new TableData(harness.aws().openCatalog());
  }

  @AfterAll
  static void disconnect() {
    harness.close();
  }

  @BeforeEach
  void emptyQueue() {
    harness.drain("cost-guard");
  }

  @Test
  void shouldOnlyWatchATableGlueMaintains_andReportItUntouched() {
    DataContract contract = TestDatasets.dataset("compaction_glue", TestDatasets.glue());
    Table theirs = data.table(contract);
    Snapshot last = null;
    for (int commit = 0; commit < 3; commit++) {
      last =
          append(theirs, write(theirs, DAY, 5, 5)); // 15 small files: lambda mode would pack them
    }

    MaintenanceRun run =
        maintenance().run(ours(contract), contract, MaintenanceTrigger.SCHEDULE, enoughTime());
    JsonNode compacted = announce(run, contract);

    LOG.infof("glue-optimizer: %s", compacted);
    assertThat(compacted.get("maintainedBy").asText()).isEqualTo("glue-optimizer");
    assertThat(compacted.get("trigger").asText()).isEqualTo("schedule");
    assertThat(compacted.get("rewrittenFiles").asInt()).isZero();
    assertThat(compacted.get("addedFiles").asInt()).isZero();
    assertThat(compacted.get("expiredSnapshots").asInt()).isZero();
    assertThat(compacted.get("orphanFilesRemoved").asInt()).isZero();
    assertThat(compacted.get("partitions")).isEmpty();
    assertThat(compacted.get("manifestsBefore").asInt()).isEqualTo(3);
    assertThat(compacted.get("manifestsAfter").asInt()).isEqualTo(3);
    assertThat(expiries).isEmpty();
    assertThat(sweeps).isEmpty();
    theirs.refresh();
    assertThat(theirs.currentSnapshot().snapshotId()).isEqualTo(last.snapshotId());
    assertThat(TableData.currentFiles(theirs)).hasSize(15);
  }

  @Test
  void shouldExpireAndSweepOnTheSchedule_withTheWindowTheTopologyRequires() {
    DataContract contract =
        TestDatasets.dataset("compaction_sweep", TestDatasets.lambda(10, 20, 300));
    Table theirs = data.table(contract);
    append(theirs, write(theirs, DAY, 4, 5)); // below minInputFiles: nothing to rewrite

    MaintenanceRun run =
        maintenance().run(ours(contract), contract, MaintenanceTrigger.SCHEDULE, enoughTime());
    JsonNode compacted = announce(run, contract);

    LOG.infof("schedule, 4 small files: %s", compacted);
    assertThat(expiries).containsExactly(contract.maintenanceOrDefaults());
    assertThat(sweeps).containsExactly(contracts.topology().longestWaitBeforeCommit());
    assertThat(dryRuns).containsExactly(false);
    assertThat(compacted.get("trigger").asText()).isEqualTo("schedule");
    assertThat(compacted.get("expiredSnapshots").asInt()).isEqualTo(2);
    assertThat(compacted.get("orphanFilesRemoved").asInt()).isEqualTo(3);
    assertThat(compacted.get("rewrittenFiles").asInt()).isZero();
    assertThat(compacted.get("partitions")).isEmpty();
    assertThat(compacted.has("snapshotId")).isFalse();
  }

  @Test
  void shouldNeitherExpireNorSweepAfterACommit() {
    DataContract contract =
        TestDatasets.dataset("compaction_no_sweep", TestDatasets.lambda(10, 20, 0));
    Table theirs = data.table(contract);
    append(theirs, write(theirs, DAY, 12, 5));

    MaintenanceRun run =
        maintenance().run(ours(contract), contract, MaintenanceTrigger.COMMITTED, enoughTime());

    assertThat(run.dataFiles().committedGroups()).isEqualTo(1);
    assertThat(run.worthAnnouncing()).isTrue();
    assertThat(expiries).isEmpty();
    assertThat(sweeps).isEmpty();
  }

  /** The production steps, expiry and orphan removal recorded instead of done. */
  private TableMaintenance maintenance() {
    return new TableMaintenance(
        new DataFileCompaction(config, RewriteRunnerFactory.GENERIC),
        new ManifestCompaction(),
        (table, spec) -> {
          expiries.add(spec);
          return new SnapshotExpiry.Result(2, 0);
        },
        (table, window, dryRun) -> {
          sweeps.add(window);
          dryRuns.add(dryRun);
          return new OrphanFiles.Report(List.of("a", "b", "c"), dryRun ? 0 : 3);
        },
        contracts.topology().longestWaitBeforeCommit(),
        false,
        Clock.systemUTC());
  }

  /** Announces the run as the service does for a tick, and reads it back off the queue. */
  private JsonNode announce(MaintenanceRun run, DataContract contract) {
    Envelope tick =
        EnvelopeCodec.mapper()
            .convertValue(TableData.tick(Schedules.COMPACTION_SWEEP), Envelope.class);
    announcer.announce(run, contract.dataset(), tick, "tick-test");
    return harness
        .awaitEnvelope(
            "cost-guard",
            type("table.compacted"),
            "\"name\":\"%s\"".formatted(contract.table().name()))
        .get("data");
  }

  private Table ours(DataContract contract) {
    return catalog
        .catalog()
        .loadTable(TableIdentifier.of(contract.table().namespace(), contract.table().name()));
  }

  private static RunDeadline enoughTime() {
    return RunDeadline.after(Duration.ofMinutes(5), Clock.systemUTC());
  }
}
