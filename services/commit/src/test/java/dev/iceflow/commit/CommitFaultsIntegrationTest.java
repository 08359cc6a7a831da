package dev.iceflow.commit;

import static dev.iceflow.testkit.lambda.HandlerHarness.batchId;
import static dev.iceflow.testkit.lambda.HandlerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.faults.CrashPoints;
import dev.iceflow.common.faults.FaultPoints;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.common.metrics.StdoutMetricLines;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.common.tracing.TracingSettings;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.StagedDataFiles;
import dev.iceflow.iceberg.TableCatalog;
import dev.iceflow.iceberg.faults.CommitStateUnknownInjection;
import dev.iceflow.iceberg.faults.UnknownCommitState;
import dev.iceflow.iceberg.ledger.BatchLedger;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.iceberg.TableRows;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The commit stage, wired in this JVM as its Lambda wires it, under the faults a fault run injects
 * into the packaged function: a process that dies at a crash point (here the halt throws instead,
 * so the test survives it and looks at what the dead process left), and a table commit whose state
 * is unknown after or before the catalog applied it. Each ends with the batch in the table exactly
 * once and the ledger COMMITTED. A Quarkus test, though it wires its own stages: the commit retry's
 * Guard needs SmallRye Fault Tolerance's runtime, which the application provides.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class CommitFaultsIntegrationTest {

  private static final String CONTENT =
      "9f2b5c1e0a7d4b3c8e6f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";
  private static final String TABLE = "iceflow.flights";
  private static final Tracing TRACING =
      Tracing.of(TracingSettings.exportingNothing("commit-faults-test"));

  private static HandlerHarness harness;
  private static LocalAws aws;
  private static Catalog reader;
  private static S3Client s3;
  private static SqsClient sqs;
  private static SnsClient sns;
  private static DynamoDbClient dynamo;

  /** The halt a test stands in for the JVM's: the process "dies" by throwing this. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String point) {
      super("crashed at " + point);
    }
  }

  @BeforeAll
  static void connect() {
    harness = HandlerHarness.consuming("commit");
    aws = harness.aws();
    reader = aws.openCatalog();
    s3 = aws.clients().s3();
    sqs = aws.clients().sqs();
    sns = aws.clients().sns();
    dynamo = aws.clients().configure(DynamoDbClient.builder()).build();
  }

  @AfterAll
  static void disconnect() {
    s3.close();
    sqs.close();
    sns.close();
    dynamo.close();
    harness.close();
  }

  @Test
  void shouldHoldABatchOnce_whenItsProcessDiesAfterTheTableCommit_andAgainBeforeTheSqsDelete() {
    String a = batchId();
    ObjectNode staged = staged(a, 4);
    String armed = TableCommitter.AFTER_TABLE_COMMIT + "," + CommitHandler.BEFORE_RESPONSE;
    List<String> firstHalts = new ArrayList<>();
    List<String> secondHalts = new ArrayList<>();
    long before = snapshots();

    // first process: the table takes the batch, the process dies before the ledger hears of it
    assertThatThrownBy(() -> stage(crashingAt(armed, firstHalts), none()).handle("m", staged))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(firstHalts).containsExactly(TableCommitter.AFTER_TABLE_COMMIT);
    assertThat(rows(a)).as("the commit landed").hasSize(4);
    assertThat(status(a)).isEqualTo(BatchLedger.Status.PENDING);

    // the message comes back to a new process: it settles the ledger, then dies before the
    // response, so SQS never deletes the message
    assertThatThrownBy(() -> stage(crashingAt(armed, secondHalts), none()).handle("m", staged))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(secondHalts)
        .as("nothing left to commit, so only the point before the response is reached")
        .containsExactly(CommitHandler.BEFORE_RESPONSE);
    assertThat(status(a)).isEqualTo(BatchLedger.Status.COMMITTED);

    // and back once more, to a process that survives
    SQSBatchResponse response =
        stage(crashingAt("", new ArrayList<>()), none()).handle("m", staged);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(rows(a)).hasSize(4);
    assertThat(snapshots()).as("one snapshot for three deliveries").isEqualTo(before + 1);
    assertThat(status(a)).isEqualTo(BatchLedger.Status.COMMITTED);
  }

  @Test
  void shouldHoldABatchOnce_whenTheCatalogAppliedItsCommitButReportedItsStateUnknown() {
    shouldHoldTheBatchOnce_after(UnknownCommitState.AFTER_APPLY);
  }

  @Test
  void shouldHoldABatchOnce_whenTheCatalogNeverAppliedItsCommitAndReportedItsStateUnknown() {
    shouldHoldTheBatchOnce_after(UnknownCommitState.BEFORE_APPLY);
  }

  private void shouldHoldTheBatchOnce_after(UnknownCommitState injected) {
    String a = batchId();
    Deque<UnknownCommitState> script = new ArrayDeque<>(List.of(injected));
    CommitStateUnknownInjection unknown =
        new CommitStateUnknownInjection(
            () -> script.isEmpty() ? UnknownCommitState.NONE : script.removeFirst());
    long before = snapshots();

    SQSBatchResponse response =
        stage(crashingAt("", new ArrayList<>()), unknown).handle("m", staged(a, 5));

    assertThat(script).as("the unknown state was injected").isEmpty();
    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(rows(a)).hasSize(5);
    assertThat(snapshots()).as("one snapshot holds the batch").isEqualTo(before + 1);
    assertThat(status(a)).isEqualTo(BatchLedger.Status.COMMITTED);
  }

  /** A fresh commit stage (a new process), its crash points and table commits as given. */
  private static Stage stage(CrashPoints crashes, CommitStateUnknownInjection unknown) {
    Map<String, String> properties = new HashMap<>(ServiceConfig.of(aws));
    properties.put("iceflow.commit.initial-backoff-ms", "10");
    properties.put("iceflow.commit.max-backoff-ms", "100");
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(IceflowConfig.class)
            .withMapping(CommitConfig.class)
            .withSources(new PropertiesConfigSource(properties, "local-aws", 100))
            .build();
    IceflowConfig iceflow = config.getConfigMapping(IceflowConfig.class);
    Contracts contracts = Contracts.packaged();
    EnvelopeCodec codec = new EnvelopeCodec(contracts.messages());
    EventPublisher publisher = new EventPublisher(sns, codec, new TopicDirectory(iceflow.topics()));
    FaultPoints faults = new FaultPoints(iceflow, s3, crashes);
    CommitService service =
        new CommitService(
            contracts,
            config.getConfigMapping(CommitConfig.class),
            iceflow,
            new TableCatalog(iceflow, unknown),
            dynamo,
            new CommitAnnouncer(codec, publisher),
            faults,
            new PipelineMetrics(
                contracts.topology().observability(), new StdoutMetricLines(), Clock.systemUTC()));
    CommitHandler handler = new CommitHandler();
    handler.processor =
        new CommitBatchProcessor(
            new StagedBatchReader(codec, s3),
            service,
            new SqsBatchProcessor(new DeadLetterParking(sqs), TRACING),
            TRACING);
    handler.faults = faults;
    return new Stage(handler);
  }

  /** The commit handler, fed one message of the commit queue. */
  private record Stage(CommitHandler handler) {

    SQSBatchResponse handle(String messageId, ObjectNode body) {
      SQSMessage message = new SQSMessage();
      message.setMessageId(messageId);
      message.setBody(body.toString());
      message.setEventSourceArn(aws.provisioned().queueArn("commit"));
      SQSEvent event = new SQSEvent();
      event.setRecords(List.of(message));
      return handler.handleRequest(event, null);
    }
  }

  /**
   * Crash points armed at {@code points} (comma-separated) at rate 1, halting into {@code halts}.
   */
  private static CrashPoints crashingAt(String points, List<String> halts) {
    Map<String, String> properties =
        points.isEmpty() ? Map.of() : Map.of("iceflow.faults.crash-at", points);
    IceflowConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(IceflowConfig.class)
            .withSources(new PropertiesConfigSource(properties, "faults", 100))
            .build()
            .getConfigMapping(IceflowConfig.class);
    return CrashPoints.from(
        config.faults(),
        point -> {
          halts.add(point);
          throw new SimulatedCrash(point);
        });
  }

  private static CommitStateUnknownInjection none() {
    return new CommitStateUnknownInjection(null);
  }

  /** A datafiles.staged v2 of {@code rows} rows. */
  private static ObjectNode staged(String batchId, int rows) {
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
            new Fingerprint(rows, CONTENT),
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

  private static BatchLedger.Status status(String batchId) {
    return new BatchLedger(
            dynamo,
            aws.provisioned().ledger(Ledgers.IDEMPOTENCY),
            Duration.ofDays(1),
            Clock.systemUTC())
        .find(TABLE, batchId)
        .orElseThrow()
        .status();
  }

  private static Table table() {
    return ContractTableCreator.loadOrCreate(
        reader, Contracts.packaged().dataset("flights").orElseThrow().table());
  }

  private static long snapshots() {
    return StreamSupport.stream(table().snapshots().spliterator(), false).count();
  }

  private static List<org.apache.iceberg.data.Record> rows(String batchId) {
    return TableRows.ofBatch(table(), batchId);
  }
}
