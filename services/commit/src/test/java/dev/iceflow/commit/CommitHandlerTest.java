package dev.iceflow.commit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.StagedDataFiles;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.aws.SharedLocalAws;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.lambda.MockEventServer;
import dev.iceflow.testkit.lambda.SqsEvents;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged handler through Quarkus' mock Lambda event server against the embedded AWS and the
 * local catalog: staged files in, exactly-once snapshots and table.committed out.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class CommitHandlerTest {

  private static final String QUEUE_ARN =
      "arn:aws:sqs:us-east-1:123456789012:iceflow-local-commit.fifo";
  private static final Duration ARRIVAL = Duration.ofSeconds(10);

  private static LocalAws aws;
  private static QueueProbe probe;

  /** Another writer: its own catalog connection, as a second Lambda or compaction would have. */
  private static Catalog otherWriter;

  @Inject CommitService service;

  @BeforeAll
  static void connect() {
    aws = SharedLocalAws.get();
    probe = new QueueProbe(aws.clients().sqs());
    otherWriter = aws.openCatalog();
  }

  @BeforeEach
  void emptyQueue() {
    probe.drain(aws.provisioned().queueUrl("compaction"));
  }

  @Test
  void shouldAppendEveryBatchOfAFifoBatchInOneSnapshot_recordingTheirIds() throws Exception {
    String a = batchId();
    String b = batchId();
    long before = snapshots();

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(
                SqsEvents.message("m-a", staged(a, 10), QUEUE_ARN),
                SqsEvents.message("m-b", staged(b, 5), QUEUE_ARN)));

    assertThat(response.path("batchItemFailures")).isEmpty();
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

    MockEventServer.invoke(SqsEvents.event(SqsEvents.message("first", stagedA, QUEUE_ARN)));
    long snapshotId = table().currentSnapshot().snapshotId();
    String firstId = announcedEnvelope(snapshotId).get("id").asText();
    long after = snapshots();
    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(SqsEvents.message("redelivered", stagedA, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures")).isEmpty();
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
    Table other =
        otherWriter.loadTable(dev.iceflow.iceberg.ContractTables.identifier(flights().table()));
    TableCommitter.attempt(
        other, flights(), List.of(new StagedBatch("lost", envelope(stagedA))), 50);
    long after = snapshots();

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(SqsEvents.message("redelivered-after-crash", stagedA, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(snapshots()).isEqualTo(after);
    assertThat(rows(a)).hasSize(4);
  }

  @Test
  void shouldKeepBothWritersWork_whenAnotherWriterCommitsConcurrently() throws Exception {
    String ours = batchId();
    ObjectNode staged = staged(ours, 6);
    List<String> theirs = new ArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> other =
          pool.submit(
              () -> {
                for (int i = 0; i < 5; i++) {
                  String id = batchId();
                  Table t =
                      otherWriter.loadTable(
                          dev.iceflow.iceberg.ContractTables.identifier(flights().table()));
                  t.newAppend()
                      .appendFile(ParquetFiles.write(t, FlightRows.rows(t.schema(), id, 3)))
                      .commit();
                  theirs.add(id);
                }
                return null;
              });
      CommitOutcome outcome =
          service.commit("flights", List.of(new StagedBatch("m", envelope(staged))));
      other.get();
      assertThat(outcome.committed()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }

    assertThat(rows(ours)).hasSize(6);
    for (String id : theirs) {
      assertThat(rows(id)).hasSize(3);
    }
  }

  @Test
  void shouldReadThePreviousSnapshotExactlyAsItWas() throws Exception {
    String first = batchId();
    String second = batchId();
    MockEventServer.invoke(SqsEvents.event(SqsEvents.message("t-1", staged(first, 3), QUEUE_ARN)));
    long firstSnapshot = table().currentSnapshot().snapshotId();
    MockEventServer.invoke(SqsEvents.event(SqsEvents.message("t-2", staged(second, 2), QUEUE_ARN)));

    List<Record> asOfFirst = new ArrayList<>();
    try (CloseableIterable<Record> read =
        IcebergGenerics.read(table()).useSnapshot(firstSnapshot).build()) {
      read.forEach(r -> asOfFirst.add(r.copy()));
    }

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

    JsonNode response =
        MockEventServer.invoke(SqsEvents.event(SqsEvents.message("forged", staged, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures"))
        .extracting(f -> f.get("itemIdentifier").asText())
        .containsExactly("forged");
    assertThat(snapshots()).isEqualTo(before);
    assertThat(rows(forged)).isEmpty();
  }

  @Test
  void shouldSendBackAMessageThatIsNotDatafilesStaged_andEveryMessageAfterIt() throws Exception {
    ObjectNode wrong = staged(batchId(), 1);
    wrong.put("type", "table.committed");

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(
                SqsEvents.message("ok", staged(batchId(), 1), QUEUE_ARN),
                SqsEvents.message("wrong", wrong, QUEUE_ARN),
                SqsEvents.message("later", staged(batchId(), 1), QUEUE_ARN)));

    assertThat(response.path("batchItemFailures"))
        .extracting(f -> f.get("itemIdentifier").asText())
        .containsExactly("wrong", "later");
  }

  private static ObjectNode staged(String batchId, int rows) {
    Table table = table();
    DataFile file = ParquetFiles.write(table, FlightRows.rows(table.schema(), batchId, rows));
    ObjectNode data =
        StagedDataFiles.payload(
            table,
            "iceflow",
            "flights",
            batchId,
            "1.0",
            "test-attempt",
            Instant.now().minusSeconds(5),
            List.of(file));
    Envelope envelope =
        Envelope.originating(
            batchId + ".staged",
            MessageType.DATAFILES_STAGED,
            "1.0",
            "urn:iceflow:enrichment",
            Instant.now(),
            "flights",
            batchId,
            data);
    return EnvelopeCodec.mapper().valueToTree(envelope);
  }

  private static Envelope envelope(ObjectNode json) throws Exception {
    return EnvelopeCodec.mapper().treeToValue(json, Envelope.class);
  }

  private static dev.iceflow.contracts.dataset.DataContract flights() {
    return Contracts.packaged().dataset("flights").orElseThrow();
  }

  private static Table table() {
    return ContractTableCreator.loadOrCreate(otherWriter, flights().table());
  }

  private static long snapshots() {
    return java.util.stream.StreamSupport.stream(table().snapshots().spliterator(), false).count();
  }

  private static List<Record> rows(String batchId) throws Exception {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read =
        IcebergGenerics.read(table()).where(Expressions.equal("batch_id", batchId)).build()) {
      read.forEach(r -> rows.add(r.copy()));
    }
    return rows;
  }

  private static JsonNode announced(long snapshotId) throws Exception {
    return announcedEnvelope(snapshotId).get("data");
  }

  private static JsonNode announcedEnvelope(long snapshotId) throws Exception {
    Message m =
        probe
            .await(
                aws.provisioned().queueUrl("compaction"),
                msg -> msg.body().contains("\"snapshotId\":" + snapshotId),
                ARRIVAL)
            .orElseThrow(() -> new AssertionError("no table.committed for snapshot " + snapshotId));
    return EnvelopeCodec.mapper().readTree(m.body());
  }

  private static String batchId() {
    return "b-" + UUID.randomUUID();
  }
}
