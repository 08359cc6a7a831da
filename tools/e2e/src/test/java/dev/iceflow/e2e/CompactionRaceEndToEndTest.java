package dev.iceflow.e2e;

import static dev.iceflow.e2e.Awaits.await;
import static dev.iceflow.e2e.Awaits.awaitQuiet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.local.reconciliation.Reconciliation;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The packaged commit and compaction functions racing on one partition, each interleaving forced
 * with the functions' fault points (held at a named point until the test releases them): an append
 * that lands while compaction is between its plan and its commit, a rewrite that lands while a
 * commit is between its plan and its commit, then free-running rounds. Every round, every record is
 * in the table or the quarantine exactly once.
 */
@WithLocalAws
class CompactionRaceEndToEndTest {

  private static final String COMPACTION_HOLD = "compaction.before-group-commit";
  private static final String COMMIT_HOLD = "commit.before-table-commit";
  private static final int BATCH_RECORDS = 25;
  private static final int FREE_RUNNING_ROUNDS = 3;

  /** Commit stays held while compaction waits out its batching window and rewrites. */
  private static final int HELD_COMMIT_TIMEOUT_S = 300;

  /**
   * Compaction's batching window, down from the topology's 30 s: each run the test triggers waits
   * it out, and the race the test forces does not depend on it.
   */
  private static final int COMPACTION_WINDOW_S = 2;

  @Test
  void appendsAndRewritesOfOnePartitionNeverLoseOrDuplicateARow(LocalAws aws) throws Exception {
    Fixtures.uploadAirports(aws);
    LocalDate day = LocalDate.of(1990, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3650));
    String run = "faults/" + UUID.randomUUID() + "/";
    FaultMarkers compactionHold = new FaultMarkers(aws, run + "compaction/", COMPACTION_HOLD);
    FaultMarkers commitHold = new FaultMarkers(aws, run + "commit/", COMMIT_HOLD);
    PlatformOptions options =
        commitHold.armedIn(
            compactionHold.armedIn(
                PlatformOptions.defaults()
                    .withTimeout("commit", HELD_COMMIT_TIMEOUT_S)
                    .withBatchingWindow("compaction", COMPACTION_WINDOW_S),
                "compaction"),
            "commit");
    commitHold.release();
    try (LocalPlatform platform =
            LocalPlatform.start(
                aws,
                ProjectLayout.discover(),
                List.of("validation", "enrichment", "commit", "compaction"),
                options);
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs()) {
      EventPublisher publisher = Pipeline.publisher(aws, sns);
      Catalog catalog = aws.openCatalog();
      Table table = flightsTable(catalog);
      Ledger all = new Ledger();

      // 1. an append lands while compaction holds between its plan and its commit
      platform.setEnabled("compaction", false);
      Ledger a = publish(publisher, Ledger.flightsOn(day, BATCH_RECORDS), all);
      awaitAccounted(aws, catalog, a);
      platform.setEnabled("compaction", true); // the queued table.committed start a run
      await(compactionHold::held, "compaction held before its group commit");
      Ledger b = publish(publisher, Ledger.flightsOn(day, BATCH_RECORDS), all);
      awaitAccounted(aws, catalog, b);
      long appendDuringRewrite = current(table).snapshotId();
      compactionHold.release();
      Snapshot rewrite = awaitRewriteAfter(table, appendDuringRewrite);
      assertThat(rewrite.parentId())
          .as("the rewrite committed on top of the append that landed during it")
          .isEqualTo(appendDuringRewrite);
      assertExactlyOnce(aws, catalog, all);

      // 2. a rewrite lands while a commit holds between its plan and its commit
      commitHold.hold();
      Ledger c = publish(publisher, Ledger.flightsOn(day, BATCH_RECORDS), all);
      await(commitHold::held, "commit held before its table commit");
      platform.fireSchedule(Schedules.COMPACTION_SWEEP);
      Snapshot rewriteDuringCommit = awaitRewriteAfter(table, rewrite.snapshotId());
      commitHold.release();
      awaitAccounted(aws, catalog, c);
      Snapshot append = firstAppendAfter(table, rewriteDuringCommit.snapshotId());
      // planned before the rewrite (it was held), committed on top of it (or of the manifest
      // rewrite the same run made right after it)
      assertThat(table.snapshot(append.parentId()).sequenceNumber())
          .as("the held commit landed on top of the rewrite that committed during it")
          .isGreaterThanOrEqualTo(rewriteDuringCommit.sequenceNumber());
      assertExactlyOnce(aws, catalog, all);

      // 3. free-running: appends and sweeps as they come
      for (int round = 0; round < FREE_RUNNING_ROUNDS; round++) {
        Ledger d = publish(publisher, Ledger.flightsOn(day, BATCH_RECORDS), all);
        platform.fireSchedule(Schedules.COMPACTION_SWEEP);
        awaitAccounted(aws, catalog, d);
      }
      awaitQuiet(sqs, Pipeline.queuesOf(aws, "validation", "enrichment", "commit", "compaction"));
      assertExactlyOnce(aws, catalog, all);
      long rewrites = rewritesOf(table).count();
      assertThat(rewrites).as("rewrites of the partition").isGreaterThanOrEqualTo(2);
      System.out.printf(
          "compaction race: %d rewrites, %d snapshots, %d data files in the end%n",
          rewrites,
          StreamSupport.stream(table.snapshots().spliterator(), false).count(),
          Long.parseLong(current(table).summary().get(SnapshotSummary.TOTAL_DATA_FILES_PROP)));
    }
  }

  /** Publishes {@code ledger}'s batches and adds them to {@code all}. */
  private static Ledger publish(EventPublisher publisher, Ledger ledger, Ledger all) {
    ledger.ingests.forEach(batch -> publisher.publish("ingest", batch));
    all.batchIds.addAll(ledger.batchIds);
    all.published += ledger.published;
    all.broken += ledger.broken;
    return ledger;
  }

  private static void awaitAccounted(LocalAws aws, Catalog catalog, Ledger ledger)
      throws Exception {
    S3Client s3 = aws.clients().s3();
    await(
        () -> {
          Reconciliation r = ledger.reconcile(aws, catalog, s3);
          return r.rows() + r.quarantined() >= ledger.published;
        },
        "every record of " + ledger.batchIds.size() + " batches accounted for");
  }

  private static void assertExactlyOnce(LocalAws aws, Catalog catalog, Ledger all) {
    Reconciliation r = all.reconcile(aws, catalog, aws.clients().s3());
    assertThat(r.duplicates()).as("duplicate rows").isZero();
    assertThat(r.rows() + r.quarantined()).as("rows + quarantined").isEqualTo(all.published);
    assertThat(r.quarantined()).as("quarantined").isEqualTo(all.broken);
  }

  /** The first data-file rewrite committed after {@code snapshotId}, waited for. */
  private static Snapshot awaitRewriteAfter(Table table, long snapshotId) throws Exception {
    Snapshot[] found = {null};
    await(
        () -> {
          found[0] =
              after(table, snapshotId)
                  .filter(CompactionRaceEndToEndTest::isRewrite)
                  .findFirst()
                  .orElse(null);
          return found[0] != null;
        },
        "a rewrite of data files after snapshot " + snapshotId);
    return found[0];
  }

  private static Snapshot firstAppendAfter(Table table, long snapshotId) {
    Optional<Snapshot> append =
        after(table, snapshotId)
            .filter(s -> DataOperations.APPEND.equals(s.operation()))
            .findFirst();
    assertThat(append).as("an append after snapshot " + snapshotId).isPresent();
    return append.get();
  }

  /** The snapshots committed after {@code snapshotId}, oldest first. */
  private static Stream<Snapshot> after(Table table, long snapshotId) {
    table.refresh();
    long since = table.snapshot(snapshotId).sequenceNumber();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .filter(s -> s.sequenceNumber() > since)
        .sorted((x, y) -> Long.compare(x.sequenceNumber(), y.sequenceNumber()));
  }

  private static Stream<Snapshot> rewritesOf(Table table) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .filter(CompactionRaceEndToEndTest::isRewrite);
  }

  /** A data-file rewrite: a replace that removed data files (a manifest rewrite removes none). */
  private static boolean isRewrite(Snapshot snapshot) {
    return DataOperations.REPLACE.equals(snapshot.operation())
        && Long.parseLong(snapshot.summary().getOrDefault(SnapshotSummary.DELETED_FILES_PROP, "0"))
            > 0;
  }

  private static Snapshot current(Table table) {
    table.refresh();
    return table.currentSnapshot();
  }

  private static Table flightsTable(Catalog catalog) {
    return ContractTableCreator.loadOrCreate(
        catalog, Contracts.packaged().dataset("flights").orElseThrow().table());
  }
}
