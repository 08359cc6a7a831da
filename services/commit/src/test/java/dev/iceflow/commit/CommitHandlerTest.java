package dev.iceflow.commit;

import static dev.iceflow.testkit.lambda.HandlerHarness.batchId;
import static dev.iceflow.testkit.lambda.HandlerHarness.failedMessageIds;
import static dev.iceflow.testkit.lambda.HandlerHarness.json;
import static dev.iceflow.testkit.lambda.HandlerHarness.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.FilesClaimCheck;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.Payloads;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.iceberg.StagedDataFiles;
import dev.iceflow.iceberg.ledger.BatchLedger;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.iceberg.StagedSnapshots;
import dev.iceflow.testkit.iceberg.TableRows;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.metrics.EmittedMetrics;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.events.CreateSnapshotEvent;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.util.SnapshotUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged handler through Quarkus' mock Lambda event server against the embedded AWS and the
 * local catalog: staged files in, exactly-once snapshots and table.committed out.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class CommitHandlerTest {

  private static final String CONTENT =
      "9f2b5c1e0a7d4b3c8e6f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";
  private static final String OTHER_CONTENT =
      "0000000000000000000000000000000000000000000000000000000000000000";

  /**
   * Days a backfill spans: at ~1.2 KB per entry of these test files (~1.8 KB for enrichment's,
   * which carry more column metrics) the file list is more than one SNS message holds.
   */
  private static final int BACKFILL_DAYS = 240;

  private static HandlerHarness handler;

  /** Another writer: its own catalog connection, as a second Lambda or compaction would have. */
  private static Catalog otherWriter;

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

  @BeforeEach
  void emptyQueue() {
    handler.drain("compaction", "commit-dlq");
  }

  @Test
  void shouldAppendEveryBatchOfAFifoBatchInOneSnapshot_recordingTheirIds() throws Exception {
    String a = batchId();
    String b = batchId();
    long before = snapshots();

    JsonNode response = handler.invoke(message("m-a", staged(a, 10)), message("m-b", staged(b, 5)));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(snapshots()).isEqualTo(before + 1);
    Snapshot current = table().currentSnapshot();
    assertThat(current.summary().get("iceflow.batch-ids").split(",")).containsExactly(a, b);
    assertThat(rows(a)).hasSize(10);
    assertThat(rows(b)).hasSize(5);
    JsonNode committed = announced(current.snapshotId());
    assertThat(committed.get("batchIds")).extracting(JsonNode::asText).containsExactly(a, b);
    assertThat(committed.get("addedRecords").asInt()).isEqualTo(15);
    assertThat(committed.get("freshnessMillis").asLong()).isPositive();
  }

  @Test
  void shouldCommitARedeliveredMessageOnce_andAnnounceItsSnapshotAgainUnderTheSameId()
      throws Exception {
    String a = batchId();
    ObjectNode stagedA = staged(a, 7);

    handler.invoke("first", stagedA);
    long snapshotId = table().currentSnapshot().snapshotId();
    String firstId = announcedEnvelope(snapshotId).get("id").asText();
    long after = snapshots();
    JsonNode response = handler.invoke("redelivered", stagedA);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(snapshots()).isEqualTo(after);
    assertThat(rows(a)).hasSize(7);
    assertThat(announcedEnvelope(snapshotId).get("id").asText()).isEqualTo(firstId);
  }

  @Test
  void shouldRecogniseABatchThatLandedBeforeACrash_andNotAddItAgain() throws Exception {
    String a = batchId();
    ObjectNode stagedA = staged(a, 4);
    // the earlier attempt: it committed (through its own catalog connection) and died before SQS
    // heard of it, so the message is delivered again
    TableCommitter.attempt(
        table(), flights(), List.of(batch("lost", stagedA)), 50, new AddedFiles(), "lost-commit");
    long after = snapshots();

    JsonNode response = handler.invoke("redelivered-after-crash", stagedA);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(snapshots()).isEqualTo(after);
    assertThat(rows(a)).hasSize(4);
  }

  @Test
  void shouldKeepBothWritersWork_whenAnotherWriterCommitsConcurrently() throws Exception {
    String ours = batchId();
    StagedBatch staged = batch("m", staged(ours, 6));
    String theirs = batchId();
    Table other = table();
    DataFile theirFile = ParquetFiles.write(other, FlightRows.rows(other.schema(), theirs, 3));
    AtomicReference<Snapshot> base = new AtomicReference<>();
    AtomicReference<Snapshot> theirSnapshot = new AtomicReference<>();
    List<CreateSnapshotEvent> ourAttempts = new CopyOnWriteArrayList<>();
    // the other writer commits right after our attempt built its snapshot on the table as it read
    // it, and before our commit reaches the catalog: our attempt now stands on a stale base
    CommitOutcome outcome;
    EmittedMetrics emitted;
    try (var metrics = EmittedMetrics.capture();
        var hook =
            StagedSnapshots.whenStaged(
                event -> event.summary().getOrDefault("iceflow.batch-ids", "").contains(ours),
                event -> {
                  ourAttempts.add(event);
                  if (ourAttempts.size() == 1) {
                    other.refresh();
                    base.set(other.currentSnapshot());
                    other.newAppend().appendFile(theirFile).commit();
                    theirSnapshot.set(other.currentSnapshot());
                  }
                })) {
      outcome = service.commit("flights", List.of(staged));
      emitted = metrics;
    }

    assertThat(theirSnapshot.get()).as("the other writer committed mid-attempt").isNotNull();
    assertThat(theirSnapshot.get().parentId())
        .as("the other writer committed on the base our first attempt had read")
        .isEqualTo(base.get() == null ? null : base.get().snapshotId());
    assertThat(outcome.committed()).hasSize(1);
    assertThat(outcome.snapshot().parentId())
        .as("our snapshot was rebuilt on top of the other writer's")
        .isEqualTo(theirSnapshot.get().snapshotId());
    assertThat(ourAttempts)
        .as("our snapshot was staged on the stale base, then again on the new one")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(ourAttempts.get(0).sequenceNumber())
        .as("our first attempt stood on the base the other writer committed on")
        .isEqualTo(theirSnapshot.get().sequenceNumber());
    assertThat(rows(ours)).hasSize(6);
    assertThat(rows(theirs)).hasSize(3);
    assertThat(
            emitted.values(MetricNames.COMMIT_CONFLICTS, MetricNames.DATASET_DIMENSION, "flights"))
        .as("the one lost race is reported as one conflict")
        .containsExactly((double) ourAttempts.size() - 1)
        .containsExactly(1.0);
    assertThat(
            emitted.values(MetricNames.COMMIT_FAILURES, MetricNames.DATASET_DIMENSION, "flights"))
        .containsExactly(0.0);
    assertThat(emitted.values(MetricNames.FRESHNESS, MetricNames.DATASET_DIMENSION, "flights"))
        .hasSize(1);
  }

  @Test
  void shouldReportACommitThatLostEveryRace_asOneFailedBatch_withEveryConflict() throws Exception {
    String ours = batchId();
    StagedBatch staged = batch("m", staged(ours, 2));
    Table other = table();
    List<CreateSnapshotEvent> ourAttempts = new CopyOnWriteArrayList<>();
    EmittedMetrics emitted;
    // Iceberg's own retries (up to 4 per attempt, backing off up to a minute) only make it slow
    String retries = other.properties().get(TableProperties.COMMIT_NUM_RETRIES);
    other.updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "0").commit();
    // another writer commits between every build of our snapshot and its commit: every attempt
    // stands on a stale base, until the retries run out
    try (var metrics = EmittedMetrics.capture();
        var hook =
            StagedSnapshots.whenStaged(
                event -> event.summary().getOrDefault("iceflow.batch-ids", "").contains(ours),
                event -> {
                  ourAttempts.add(event);
                  other.refresh();
                  other
                      .newAppend()
                      .appendFile(
                          ParquetFiles.write(other, FlightRows.rows(other.schema(), batchId(), 1)))
                      .commit();
                })) {
      assertThatThrownBy(() -> service.commit("flights", List.of(staged)))
          .isInstanceOf(CommitFailedException.class);
      emitted = metrics;
    } finally {
      other.refresh();
      var restore = other.updateProperties();
      if (retries == null) {
        restore.remove(TableProperties.COMMIT_NUM_RETRIES);
      } else {
        restore.set(TableProperties.COMMIT_NUM_RETRIES, retries);
      }
      restore.commit();
    }

    assertThat(ourAttempts).as("retried more than once").hasSizeGreaterThan(2);
    assertThat(
            emitted.values(MetricNames.COMMIT_CONFLICTS, MetricNames.DATASET_DIMENSION, "flights"))
        .as("every attempt lost its race")
        .containsExactly((double) ourAttempts.size());
    assertThat(
            emitted.values(MetricNames.COMMIT_FAILURES, MetricNames.DATASET_DIMENSION, "flights"))
        .containsExactly(1.0);
    assertThat(emitted.values(MetricNames.FRESHNESS, MetricNames.DATASET_DIMENSION, "flights"))
        .as("nothing was committed")
        .isEmpty();
    assertThat(rows(ours)).isEmpty();
  }

  @Test
  void shouldReadThePreviousSnapshotExactlyAsItWas() throws Exception {
    String first = batchId();
    String second = batchId();
    handler.invoke("t-1", staged(first, 3));
    long firstSnapshot = table().currentSnapshot().snapshotId();
    handler.invoke("t-2", staged(second, 2));

    List<Record> asOfFirst = TableRows.asOf(table(), firstSnapshot);

    assertThat(asOfFirst)
        .extracting(r -> r.getField("batch_id"))
        .contains(first)
        .doesNotContain(second);
    assertThat(asOfFirst.stream().filter(r -> first.equals(r.getField("batch_id")))).hasSize(3);
  }

  @Test
  void shouldParkABatchWhoseFileLiesOutsideTheTable_withItsReason_andAddNothingOfIt()
      throws Exception {
    String forged = batchId();
    ObjectNode staged = staged(forged, 2);
    ObjectNode file = (ObjectNode) staged.get("data").get("files").get(0);
    file.put("path", "s3://somewhere-else/data/" + forged + ".parquet");
    long before = snapshots();

    JsonNode response = handler.invoke("forged", staged);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(reason(parked(forged))).contains("outside the table location");
    assertThat(snapshots()).isEqualTo(before);
    assertThat(rows(forged)).isEmpty();
  }

  @Test
  void shouldParkAMessageThatIsNotDatafilesStaged_andCommitTheMessagesAroundIt() throws Exception {
    String wrongId = batchId();
    ObjectNode wrong = staged(wrongId, 1);
    wrong.put("type", "table.committed");
    String ok = batchId();
    String later = batchId();

    JsonNode response =
        handler.invoke(
            message("ok", staged(ok, 1)),
            message("wrong", wrong),
            message("later", staged(later, 1)));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(reason(parked(wrongId))).contains("breaks its contract");
    assertThat(rows(ok)).hasSize(1);
    assertThat(rows(later)).hasSize(1);
  }

  @Test
  void shouldCommitWhatPrecedesABadMessage_parkIt_andSendBackWhatFollows() throws Exception {
    String good1 = batchId();
    String forged = batchId();
    String good2 = batchId();
    ObjectNode forgedMessage = staged(forged, 2);
    ((ObjectNode) forgedMessage.get("data").get("files").get(0))
        .put("path", "s3://somewhere-else/data/" + forged + ".parquet");
    ObjectNode good2Message = staged(good2, 3);

    JsonNode response =
        handler.invoke(
            message("good1", staged(good1, 4)),
            message("forged", forgedMessage),
            message("good2", good2Message));

    assertThat(failedMessageIds(response)).containsExactly("good2");
    assertThat(rows(good1)).hasSize(4);
    assertThat(rows(good2)).isEmpty();
    assertThat(reason(parked(forged))).contains("outside the table location");
    // the queue hands good2 back on its own: it commits, and no healthy batch sits in the DLQ
    assertThat(failedMessageIds(handler.invoke("good2", good2Message))).isEmpty();
    assertThat(rows(good2)).hasSize(3);
    assertThat(handler.peek("commit-dlq"))
        .extracting(Message::body)
        .noneMatch(body -> body.contains(good1) || body.contains(good2));
  }

  @Test
  void shouldCommitABatchOnce_whenItComesBackAfterItsSnapshotWasExpired() throws Exception {
    String a = batchId();
    handler.invoke("first", staged(a, 5));
    handler.invoke("later-batch", staged(batchId(), 1));
    Table table = table();
    long aSnapshot =
        StreamSupport.stream(table.snapshots().spliterator(), false)
            .filter(s -> s.summary().getOrDefault("iceflow.batch-ids", "").contains(a))
            .findFirst()
            .orElseThrow()
            .snapshotId();
    table.expireSnapshots().expireOlderThan(Long.MAX_VALUE).retainLast(1).commit();
    assertThat(table().snapshot(aSnapshot)).as("A's snapshot is expired").isNull();

    // a late redelivery (a retry after a timeout, a DLQ redrive days later): new file paths
    JsonNode response = handler.invoke("late", staged(a, 5));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(rows(a)).hasSize(5);
  }

  @Test
  void shouldRecogniseACommitThatLandedWhileItsLedgerEntryWasStillPending() throws Exception {
    String a = batchId();
    ObjectNode stagedA = staged(a, 3);
    // the writer marked A pending, committed it, and stopped before marking it committed
    ledger().begin("iceflow.flights", a, new Fingerprint(3, CONTENT), "crashed-commit");
    TableCommitter.attempt(
        table(), flights(), List.of(batch("m", stagedA)), 0, new AddedFiles(), "crashed-commit");
    long after = snapshots();

    JsonNode response = handler.invoke("redelivered", stagedA);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(snapshots()).isEqualTo(after);
    assertThat(rows(a)).hasSize(3);
    assertThat(ledger().find("iceflow.flights", a).orElseThrow().status())
        .isEqualTo(BatchLedger.Status.COMMITTED);
  }

  @Test
  void shouldCommitABatchWhosePendingCommitNeverLanded_once() throws Exception {
    String a = batchId();
    // the writer marked A pending and stopped before its commit reached the catalog
    ledger().begin("iceflow.flights", a, new Fingerprint(2, CONTENT), "never-landed");
    long before = snapshots();

    JsonNode response = handler.invoke("redelivered", staged(a, 2));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(snapshots()).isEqualTo(before + 1);
    assertThat(rows(a)).hasSize(2);
    BatchLedger.Entry entry = ledger().find("iceflow.flights", a).orElseThrow();
    assertThat(entry.status()).isEqualTo(BatchLedger.Status.COMMITTED);
    assertThat(entry.commitId()).isNotEqualTo("never-landed");
  }

  @Test
  void shouldNotCommitABatchAgain_whenItsPendingEntryWasSettledBeforeItsSnapshotWasExpired()
      throws Exception {
    String a = batchId();
    ObjectNode stagedA = staged(a, 3);
    String commitId = "settled-" + a;
    // the writer marked A pending, committed it, and stopped before marking it committed
    long landed = committedThenStopped(a, stagedA, 3, commitId);
    handler.invoke("later", staged(batchId(), 1));
    // what compaction's SnapshotExpiry does: settle the snapshot's ledger entries, then expire it
    Snapshot expiring = table().snapshot(landed);
    int settled =
        ledger()
            .settle(
                "iceflow.flights",
                commitId,
                SnapshotSummaryKeys.batchIds(expiring.summary()),
                landed);
    table().expireSnapshots().expireSnapshotId(landed).commit();

    assertThat(settled).isEqualTo(1);
    assertThat(table().snapshot(landed)).as("A's snapshot is expired").isNull();
    BatchLedger.Entry entry = ledger().find("iceflow.flights", a).orElseThrow();
    assertThat(entry.status()).isEqualTo(BatchLedger.Status.COMMITTED);
    assertThat(entry.snapshotId()).isEqualTo(landed);
    long before = snapshots();

    JsonNode response = handler.invoke("redelivered", stagedA);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(snapshots()).isEqualTo(before);
    assertThat(rows(a)).hasSize(3);
  }

  @Test
  void shouldParkAPendingBatchWhoseCommitMayHaveBeenExpired_andLeaveTheTableUnchanged()
      throws Exception {
    String a = batchId();
    ObjectNode stagedA = staged(a, 3);
    String commitId = "expired-" + a;
    long landed = committedThenStopped(a, stagedA, 3, commitId);
    handler.invoke("later", staged(batchId(), 1));
    // an engine's expire_snapshots (not ours: the ledger entry stays PENDING)
    Table table = table();
    table
        .expireSnapshots()
        .expireOlderThan(table.currentSnapshot().timestampMillis())
        .retainLast(1)
        .commit();
    assertThat(table().snapshot(landed)).as("A's snapshot is expired").isNull();
    BatchLedger.Entry pending = ledger().find("iceflow.flights", a).orElseThrow();
    assertThat(pending.status()).isEqualTo(BatchLedger.Status.PENDING);
    assertThat(SnapshotUtil.oldestAncestor(table()).timestampMillis())
        .as("the retained history starts after the entry was written")
        .isGreaterThan(pending.updatedAt().toEpochMilli());
    long current = table().currentSnapshot().snapshotId();
    long before = snapshots();

    JsonNode response = handler.invoke("redelivered", stagedA);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(reason(parked(a)))
        .contains(commitId)
        .contains("may have landed in a snapshot expired since");
    assertThat(snapshots()).isEqualTo(before);
    assertThat(table().currentSnapshot().snapshotId()).isEqualTo(current);
    assertThat(rows(a)).as("the one copy that landed, not a second").hasSize(3);
    assertThat(ledger().find("iceflow.flights", a).orElseThrow().status())
        .isEqualTo(BatchLedger.Status.PENDING);
  }

  @Test
  void shouldParkABatchWhoseStagedFileIsGone_andCommitTheBatchBeforeIt() throws Exception {
    String ok = batchId();
    String gone = batchId();
    ObjectNode goneMessage = staged(gone, 2);
    String path = goneMessage.get("data").get("files").get(0).get("path").asText();
    // what orphan removal does to a staged file that waited longer than its safety window
    table().io().deleteFile(path);
    assertThat(table().io().newInputFile(path).exists()).isFalse();
    long before = snapshots();

    JsonNode response = handler.invoke(message("ok", staged(ok, 3)), message("gone", goneMessage));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(reason(parked(gone)))
        .contains(path)
        .contains("no longer exists")
        .contains("re-publish");
    assertThat(rows(ok)).hasSize(3);
    assertThat(snapshots()).as("only the healthy batch was committed").isEqualTo(before + 1);
    assertThat(table().currentSnapshot().summary().get("iceflow.batch-ids")).isEqualTo(ok);
    assertThat(rows(gone)).isEmpty();
    assertThat(ledger().find("iceflow.flights", gone)).isEmpty();
  }

  @Test
  void shouldRecogniseACommittedBatchWhoseStagedFilesAreGone_asADuplicate() throws Exception {
    String a = batchId();
    handler.invoke("first", staged(a, 2));
    // a second enrichment attempt's files for A, since removed as orphans
    ObjectNode again = staged(a, 2);
    table().io().deleteFile(again.get("data").get("files").get(0).get("path").asText());
    long before = snapshots();

    JsonNode response = handler.invoke("redelivered", again);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(snapshots()).isEqualTo(before);
    assertThat(rows(a)).hasSize(2);
    assertThat(handler.peek("commit-dlq")).extracting(Message::body).noneMatch(b -> b.contains(a));
  }

  @Test
  void shouldParkABatchIdReusedForOtherContent_andKeepTheFirstContentOnly() throws Exception {
    String a = batchId();
    handler.invoke("first", staged(a, 4));

    JsonNode response = handler.invoke("reused", staged(a, 4, OTHER_CONTENT));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(reason(parked(a))).contains("with other content").contains("new batch id");
    assertThat(rows(a)).hasSize(4);
  }

  @Test
  void shouldCommitABackfillWhoseFileListIsInS3_everyFileOnce() throws Exception {
    String backfill = batchId();
    Table table = table();
    List<DataFile> files = new ArrayList<>();
    for (int day = 0; day < BACKFILL_DAYS; day++) {
      List<Record> rows = FlightRows.rows(table.schema(), backfill, 1);
      rows.get(0).setField("event_time", LocalDateTime.of(1990, 1, 1, 12, 0).plusDays(day));
      rows.get(0).setField("record_position", day);
      files.add(ParquetFiles.write(table, rows));
    }
    DatafilesStagedV2 inline =
        StagedDataFiles.payload(
            table,
            new TableName("iceflow", "flights"),
            backfill,
            "1.0",
            "backfill-attempt",
            Instant.now(),
            new Fingerprint(BACKFILL_DAYS, CONTENT),
            files);
    byte[] list = Payloads.mapper().writeValueAsBytes(inline.files());
    String bucket = handler.bucket("staging");
    String key = "staged-files/iceflow.flights/" + backfill + ".json";
    handler.put(bucket, key, list);
    DatafilesStagedV2 claimed =
        inline.withFilesIn(new FilesClaimCheck(bucket, key, files.size(), Sha256.hex(list)));
    ObjectNode message =
        json(
            Envelope.originating(
                backfill + ".iceflow.flights.staged",
                claimed,
                "2.0",
                "urn:iceflow:enrichment",
                Instant.now(),
                "flights",
                backfill));
    assertThat(list.length).as("the inline list would not fit in SNS").isGreaterThan(256 * 1024);

    JsonNode response = handler.invoke("backfill", message);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(rows(backfill)).hasSize(BACKFILL_DAYS);
    assertThat(table().currentSnapshot().summary().get("added-data-files"))
        .isEqualTo(Integer.toString(BACKFILL_DAYS));
  }

  @Test
  void shouldParkAClaimCheckWhoseListDoesNotMatchItsDigest() throws Exception {
    String a = batchId();
    ObjectNode staged = staged(a, 1);
    DatafilesStagedV2 inline = Payloads.read(staged.get("data"), DatafilesStagedV2.class);
    String bucket = handler.bucket("staging");
    String key = "staged-files/iceflow.flights/" + a + ".json";
    handler.put(bucket, key, Payloads.mapper().writeValueAsBytes(inline.files()));
    staged.set(
        "data",
        Payloads.toJson(inline.withFilesIn(new FilesClaimCheck(bucket, key, 1, OTHER_CONTENT))));

    JsonNode response = handler.invoke("tampered", staged);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(reason(parked(a))).contains("SHA-256");
    assertThat(rows(a)).isEmpty();
  }

  private static ObjectNode staged(String batchId, int rows) {
    return staged(batchId, rows, CONTENT);
  }

  /** A datafiles.staged v2 of {@code rows} rows whose content digest is {@code sha256}. */
  private static ObjectNode staged(String batchId, int rows, String sha256) {
    Table table = table();
    DataFile file = ParquetFiles.write(table, FlightRows.rows(table.schema(), batchId, rows));
    DatafilesStagedV2 data =
        StagedDataFiles.payload(
            table,
            new TableName("iceflow", "flights"),
            batchId,
            "1.0",
            "test-attempt",
            Instant.now().minusSeconds(5),
            new Fingerprint(rows, sha256),
            List.of(file));
    return json(
        Envelope.originating(
            batchId + ".iceflow.flights.staged",
            data,
            "2.0",
            "urn:iceflow:enrichment",
            Instant.now(),
            "flights",
            batchId));
  }

  private static StagedBatch batch(String messageId, ObjectNode json) throws Exception {
    return new StagedBatchReader(null, null).read(messageId, envelope(json));
  }

  /**
   * A writer that marked the batch PENDING, committed it, and stopped before marking it COMMITTED;
   * returns the snapshot the commit landed in.
   */
  private static long committedThenStopped(
      String batchId, ObjectNode staged, int records, String commitId) throws Exception {
    ledger().begin("iceflow.flights", batchId, new Fingerprint(records, CONTENT), commitId);
    return TableCommitter.attempt(
            table(), flights(), List.of(batch("m", staged)), 0, new AddedFiles(), commitId)
        .snapshot()
        .snapshotId();
  }

  private static BatchLedger ledger() {
    return new BatchLedger(
        handler.aws().clients().configure(DynamoDbClient.builder()).build(),
        handler.aws().provisioned().ledger(Ledgers.IDEMPOTENCY),
        Duration.ofDays(1),
        Clock.systemUTC());
  }

  /** The message parked in the commit DLQ for {@code batchId}, with its reason. */
  private static Message parked(String batchId) {
    return handler.awaitMessage("commit-dlq", batchId);
  }

  private static String reason(Message parked) {
    return parked.messageAttributes().get(DeadLetterParking.REASON_ATTRIBUTE).stringValue();
  }

  private static Envelope envelope(ObjectNode json) throws Exception {
    return EnvelopeCodec.mapper().treeToValue(json, Envelope.class);
  }

  private static DataContract flights() {
    return Contracts.packaged().dataset("flights").orElseThrow();
  }

  private static Table table() {
    return ContractTableCreator.loadOrCreate(otherWriter, flights().table());
  }

  private static long snapshots() {
    return StreamSupport.stream(table().snapshots().spliterator(), false).count();
  }

  private static List<Record> rows(String batchId) {
    return TableRows.ofBatch(table(), batchId);
  }

  private static JsonNode announced(long snapshotId) {
    return announcedEnvelope(snapshotId).get("data");
  }

  private static JsonNode announcedEnvelope(long snapshotId) {
    return handler.awaitEnvelope("compaction", "\"snapshotId\":" + snapshotId);
  }
}
