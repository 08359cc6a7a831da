package dev.iceflow.compaction.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.iceberg.ledger.BatchLedger;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Snapshot expiry against the embedded AWS and the local catalog, with the real ledger. */
@WithLocalAws
class SnapshotExpiryTest {

  private static final String CONTENT =
      "9f2b5c1e0a7d4b3c8e6f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";

  private static final int RETENTION_HOURS = 1;
  private static final Duration RETENTION = Duration.ofHours(RETENTION_HOURS);

  /** A clock this far ahead makes every snapshot written now older than the retention. */
  private static final Clock RETENTION_LATER =
      Clock.offset(Clock.systemUTC(), RETENTION.plusHours(1));

  private static MaintainedTables tables;
  private static BatchLedger ledger;

  @BeforeAll
  static void connect(LocalAws aws) {
    tables = new MaintainedTables(aws);
    ledger = tables.ledger();
  }

  @Test
  void shouldSettleThePendingEntryOfAnExpiringSnapshot_thenExpireIt() {
    Table table = tables.create("expiry_settle");
    String batch = "batch-" + UUID.randomUUID();
    String commitId = UUID.randomUUID().toString();
    String ledgerTable = SnapshotExpiry.ledgerTable(table);
    // the commit stage marked the batch pending, committed it, and stopped before marking it
    // committed
    ledger.begin(ledgerTable, batch, new Fingerprint(3, CONTENT), commitId);
    Snapshot landed = MaintainedTables.commitBatch(table, batch, commitId, 3);
    MaintainedTables.commitBatch(table, "batch-" + UUID.randomUUID(), "later", 1);
    assertThat(ledger.find(ledgerTable, batch).orElseThrow().status())
        .isEqualTo(BatchLedger.Status.PENDING);

    SnapshotExpiry.Result result =
        new SnapshotExpiry(ledger, RETENTION_LATER).expire(table, policy(1));

    assertThat(result).isEqualTo(new SnapshotExpiry.Result(1, 1));
    table.refresh();
    assertThat(table.snapshot(landed.snapshotId())).as("the snapshot is expired").isNull();
    BatchLedger.Entry entry = ledger.find(ledgerTable, batch).orElseThrow();
    assertThat(entry.status()).isEqualTo(BatchLedger.Status.COMMITTED);
    assertThat(entry.snapshotId()).isEqualTo(landed.snapshotId());
    assertThat(MaintainedTables.exists(table, landed.manifestListLocation()))
        .as("Iceberg deleted the expired snapshot's manifest list")
        .isFalse();
  }

  @Test
  void shouldKeepTheNewestMinSnapshotsToKeep_whateverTheirAge() {
    Table table = tables.create("expiry_min");
    List<Snapshot> snapshots = commits(table, 5);

    SnapshotExpiry.Result result =
        new SnapshotExpiry(ledger, RETENTION_LATER).expire(table, policy(3));

    assertThat(result.expiredSnapshots()).isEqualTo(2);
    assertThat(snapshotIds(table))
        .containsExactlyInAnyOrder(
            snapshots.get(2).snapshotId(),
            snapshots.get(3).snapshotId(),
            snapshots.get(4).snapshotId());
  }

  @Test
  void shouldKeepEverySnapshotYoungerThanTheRetention() {
    Table table = tables.create("expiry_age");
    List<Snapshot> snapshots = commits(table, 5);
    Snapshot fourth = snapshots.get(3);
    assertThat(snapshots.get(2).timestampMillis())
        .as("the third snapshot is older than the fourth")
        .isLessThan(fourth.timestampMillis());
    // the retention ends exactly at the fourth snapshot
    Clock fourthIsOnTheEdge =
        Clock.fixed(Instant.ofEpochMilli(fourth.timestampMillis()).plus(RETENTION), ZoneOffset.UTC);

    SnapshotExpiry.Result result =
        new SnapshotExpiry(ledger, fourthIsOnTheEdge).expire(table, policy(1));

    assertThat(result.expiredSnapshots()).isEqualTo(3);
    assertThat(snapshotIds(table))
        .containsExactlyInAnyOrder(fourth.snapshotId(), snapshots.get(4).snapshotId());
  }

  @Test
  void shouldNotExpireASnapshotPushedOutOfTheNewestByACommitMadeWhileExpiring() {
    Table table = tables.create("expiry_race");
    String ledgerTable = SnapshotExpiry.ledgerTable(table);
    List<Snapshot> first = commits(table, 2);
    // the third: committed by a writer that stopped before completing its ledger entry
    String pendingBatch = "batch-" + UUID.randomUUID();
    String pendingCommit = UUID.randomUUID().toString();
    ledger.begin(ledgerTable, pendingBatch, new Fingerprint(1, CONTENT), pendingCommit);
    Snapshot pending = MaintainedTables.commitBatch(table, pendingBatch, pendingCommit, 1);
    Snapshot fourth = commits(table, 1).get(0);
    Table otherWriter = tables.otherWriter(table);
    Snapshot[] meanwhile = new Snapshot[1];
    Table expiring =
        WriterBetweenPlanAndCommit.around(
            table,
            () -> {
              meanwhile[0] =
                  MaintainedTables.commitBatch(
                      otherWriter, "batch-" + UUID.randomUUID(), "meanwhile", 1);
            });

    // keep the newest 2: the plan is the first two; the commit made meanwhile would push the
    // pending one out of the newest 2 if Iceberg re-applied the policy at commit time
    SnapshotExpiry.Result result =
        new SnapshotExpiry(ledger, RETENTION_LATER).expire(expiring, policy(2));

    assertThat(meanwhile[0]).as("another writer committed between plan and commit").isNotNull();
    assertThat(result).isEqualTo(new SnapshotExpiry.Result(2, 0));
    assertThat(snapshotIds(table))
        .doesNotContain(first.get(0).snapshotId(), first.get(1).snapshotId())
        .containsExactlyInAnyOrder(
            pending.snapshotId(), fourth.snapshotId(), meanwhile[0].snapshotId());
    assertThat(ledger.find(ledgerTable, pendingBatch).orElseThrow().status())
        .as("the unsettled entry's snapshot is still there for the commit stage to find")
        .isEqualTo(BatchLedger.Status.PENDING);
    assertThat(
            table
                .expireSnapshots()
                .expireOlderThan(RETENTION_LATER.millis() - RETENTION.toMillis())
                .retainLast(2)
                .apply())
        .as("the policy applied now would take the pending one: the interleaving mattered")
        .extracting(Snapshot::snapshotId)
        .contains(pending.snapshotId());
  }

  @Test
  void shouldExpireNothing_whenTheLedgerCannotBeSettled() {
    Table table = tables.create("expiry_noledger");
    List<Snapshot> snapshots = commits(table, 2);
    BatchLedger missing = tables.ledger("no-such-ledger-" + UUID.randomUUID());

    assertThatThrownBy(() -> new SnapshotExpiry(missing, RETENTION_LATER).expire(table, policy(1)))
        .isInstanceOf(ResourceNotFoundException.class);

    assertThat(snapshotIds(table))
        .containsExactlyInAnyOrder(snapshots.get(0).snapshotId(), snapshots.get(1).snapshotId());
  }

  @Test
  void shouldRefuseATableWhoseBranchSetsItsOwnRetention_andExpireNothing() {
    Table table = tables.create("expiry_branch");
    List<Snapshot> snapshots = commits(table, 2);
    table.manageSnapshots().setMinSnapshotsToKeep("main", 1).commit();

    assertThatThrownBy(() -> new SnapshotExpiry(ledger, RETENTION_LATER).expire(table, policy(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("branch main")
        .hasMessageContaining("own snapshot retention");

    assertThat(snapshotIds(table))
        .containsExactlyInAnyOrder(snapshots.get(0).snapshotId(), snapshots.get(1).snapshotId());
  }

  private static MaintenanceSpec policy(int minSnapshotsToKeep) {
    return new MaintenanceSpec(
        "test", null, null, null, null, RETENTION_HOURS, minSnapshotsToKeep, null, null);
  }

  /** {@code count} commits of one batch each, recorded in the ledger as committed. */
  private static List<Snapshot> commits(Table table, int count) {
    String ledgerTable = SnapshotExpiry.ledgerTable(table);
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(
            i -> {
              String batch = "batch-" + UUID.randomUUID();
              String commitId = UUID.randomUUID().toString();
              ledger.begin(ledgerTable, batch, new Fingerprint(1, CONTENT), commitId);
              Snapshot snapshot = MaintainedTables.commitBatch(table, batch, commitId, 1);
              ledger.complete(ledgerTable, batch, commitId, snapshot.snapshotId());
              return snapshot;
            })
        .toList();
  }

  private static List<Long> snapshotIds(Table table) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .map(Snapshot::snapshotId)
        .toList();
  }
}
