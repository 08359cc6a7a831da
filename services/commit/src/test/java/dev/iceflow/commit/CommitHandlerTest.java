package dev.iceflow.commit;

import static dev.iceflow.testkit.lambda.HandlerHarness.batchId;
import static dev.iceflow.testkit.lambda.HandlerHarness.failedMessageIds;
import static dev.iceflow.testkit.lambda.HandlerHarness.json;
import static dev.iceflow.testkit.lambda.HandlerHarness.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.StagedDataFiles;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.iceberg.StagedSnapshots;
import dev.iceflow.testkit.iceberg.TableRows;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.events.CreateSnapshotEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged handler through Quarkus' mock Lambda event server against the embedded AWS and the
 * local catalog: staged files in, exactly-once snapshots and table.committed out.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class CommitHandlerTest {

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
    handler.drain("compaction");
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
        table(), flights(), List.of(new StagedBatch("lost", envelope(stagedA))), 50);
    long after = snapshots();

    JsonNode response = handler.invoke("redelivered-after-crash", stagedA);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(snapshots()).isEqualTo(after);
    assertThat(rows(a)).hasSize(4);
  }

  @Test
  void shouldKeepBothWritersWork_whenAnotherWriterCommitsConcurrently() throws Exception {
    String ours = batchId();
    StagedBatch staged = new StagedBatch("m", envelope(staged(ours, 6)));
    String theirs = batchId();
    Table other = table();
    DataFile theirFile = ParquetFiles.write(other, FlightRows.rows(other.schema(), theirs, 3));
    AtomicReference<Snapshot> base = new AtomicReference<>();
    AtomicReference<Snapshot> theirSnapshot = new AtomicReference<>();
    List<CreateSnapshotEvent> ourAttempts = new CopyOnWriteArrayList<>();
    // the other writer commits right after our attempt built its snapshot on the table as it read
    // it, and before our commit reaches the catalog: our attempt now stands on a stale base
    CommitOutcome outcome;
    try (var hook =
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
  void shouldSendBackABatchWhoseFileLiesOutsideTheTable_andAddNothingOfIt() throws Exception {
    String forged = batchId();
    ObjectNode staged = staged(forged, 2);
    ObjectNode file = (ObjectNode) staged.get("data").get("files").get(0);
    file.put("path", "s3://somewhere-else/data/" + forged + ".parquet");
    long before = snapshots();

    JsonNode response = handler.invoke("forged", staged);

    assertThat(failedMessageIds(response)).containsExactly("forged");
    assertThat(snapshots()).isEqualTo(before);
    assertThat(rows(forged)).isEmpty();
  }

  @Test
  void shouldSendBackAMessageThatIsNotDatafilesStaged_andEveryMessageAfterIt() throws Exception {
    ObjectNode wrong = staged(batchId(), 1);
    wrong.put("type", "table.committed");

    JsonNode response =
        handler.invoke(
            message("ok", staged(batchId(), 1)),
            message("wrong", wrong),
            message("later", staged(batchId(), 1)));

    assertThat(failedMessageIds(response)).containsExactly("wrong", "later");
  }

  private static ObjectNode staged(String batchId, int rows) {
    Table table = table();
    DataFile file = ParquetFiles.write(table, FlightRows.rows(table.schema(), batchId, rows));
    DatafilesStagedV1 data =
        StagedDataFiles.payload(
            table,
            new TableName("iceflow", "flights"),
            batchId,
            "1.0",
            "test-attempt",
            Instant.now().minusSeconds(5),
            List.of(file));
    return json(
        Envelope.originating(
            batchId + ".staged",
            data,
            "1.0",
            "urn:iceflow:enrichment",
            Instant.now(),
            "flights",
            batchId));
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
