package dev.iceflow.ops.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.quarantine.Quarantine;
import dev.iceflow.common.quarantine.QuarantinedRecord;
import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.ops.OpsRun;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ops quarantine list} and {@code replay} on the embedded AWS: quarantine objects written in
 * the stages' own format (common's Quarantine), and what replay publishes counted on a queue of the
 * test's own subscribed to the ingest topic.
 */
@WithLocalAws
class QuarantineCommandIntegrationTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final ObjectMapper JSON = EnvelopeCodec.mapper();
  private static final String DATASET = "flights";

  private static LocalAws aws;
  private static S3Client s3;
  private static SqsClient sqs;
  private static SnsClient sns;
  private static QueueProbe probe;
  private static String bucket;
  private static String listenerUrl;
  private static String subscriptionArn;

  @TempDir Path dir;

  private String batchId;
  private String key;

  @BeforeAll
  static void subscribeAListener(LocalAws localAws) {
    aws = localAws;
    s3 = aws.clients().configure(S3Client.builder()).forcePathStyle(true).build();
    sqs = aws.clients().sqs();
    sns = aws.clients().configure(SnsClient.builder()).build();
    probe = new QueueProbe(sqs);
    bucket = aws.provisioned().bucket(Buckets.QUARANTINE);
    listenerUrl =
        sqs.createQueue(r -> r.queueName("ops-replay-listener-" + UUID.randomUUID())).queueUrl();
    String listenerArn =
        sqs.getQueueAttributes(r -> r.queueUrl(listenerUrl).attributeNamesWithStrings("QueueArn"))
            .attributesAsStrings()
            .get("QueueArn");
    subscriptionArn =
        sns.subscribe(
                r ->
                    r.topicArn(aws.provisioned().topicArn(Topics.INGEST))
                        .protocol("sqs")
                        .endpoint(listenerArn)
                        .attributes(Map.of("RawMessageDelivery", "true")))
            .subscriptionArn();
  }

  @AfterAll
  static void unsubscribe() {
    sns.unsubscribe(r -> r.subscriptionArn(subscriptionArn));
    sqs.deleteQueue(r -> r.queueUrl(listenerUrl));
    probe.drain(aws.provisioned().queueUrl("validation-ingest"));
    s3.close();
    sns.close();
  }

  /** A batch whose validation rejected two records, quarantined as validation writes it. */
  @BeforeEach
  void quarantineABatch() throws Exception {
    batchId = "b-" + UUID.randomUUID();
    key = Quarantine.key(Stage.VALIDATION, DATASET, batchId);
    List<QuarantinedRecord> rejected =
        List.of(
            new QuarantinedRecord(
                0,
                List.of(new RecordViolation("required", "origin", "origin is missing")),
                JSON.readTree("{\"date\":\"2001/01/01 00:47\",\"delay\":66}"),
                null),
            new QuarantinedRecord(
                3,
                List.of(
                    new RecordViolation("range", "delay", "delay -5 is below 0"),
                    new RecordViolation("required", "origin", "origin is missing")),
                JSON.readTree("{\"date\":\"2001/01/01 01:10\",\"delay\":-5}"),
                null));
    s3.putObject(
        r -> r.bucket(bucket).key(key),
        RequestBody.fromBytes(Quarantine.ndjson(batchId, DATASET, Stage.VALIDATION, rejected)));
    probe.drain(listenerUrl);
  }

  @AfterEach
  void emptyTheIngestQueue() {
    probe.drain(aws.provisioned().queueUrl("validation-ingest"));
  }

  @Test
  void replayingTheSameCorrectionTwicePublishesOnce() throws Exception {
    Path corrected = corrected("DTW", "LAS");

    OpsRun first = replay("--object", key, "--file", corrected.toString());
    OpsRun second = replay("--object", key, "--file", corrected.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    List<Envelope> published = published();
    assertThat(published).hasSize(1);
    Envelope envelope = published.get(0);
    IngestBatchV1 batch = envelope.payload(IngestBatchV1.class);
    assertThat(batch.batchId()).startsWith(batchId + ReplayBatchId.MARK);
    assertThat(envelope.dataset()).isEqualTo(DATASET);
    assertThat(batch.records())
        .containsExactlyElementsOf(
            Files.readAllLines(corrected).stream()
                .map(QuarantineCommandIntegrationTest::tree)
                .toList());
    assertThat(first.out()).contains("Published ingest.batch " + batch.batchId());
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("Already replayed as batch " + batch.batchId())
        .contains("nothing published");
  }

  @Test
  void aNewCorrectionIsRefusedWithoutForce_andIsANewBatchWithIt() throws Exception {
    assertThat(replay("--object", key, "--file", corrected("DTW", "LAS").toString()).exitCode())
        .isZero();
    String firstBatch = published().get(0).payload(IngestBatchV1.class).batchId();
    Path again = corrected("DTW", "SFO");

    OpsRun refused = replay("--object", key, "--file", again.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("already replayed as batch " + firstBatch);
    assertThat(published()).isEmpty();

    OpsRun forced = replay("--object", key, "--file", again.toString(), "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    List<Envelope> published = published();
    assertThat(published).hasSize(1);
    String secondBatch = published.get(0).payload(IngestBatchV1.class).batchId();
    assertThat(secondBatch).startsWith(batchId + ReplayBatchId.MARK).isNotEqualTo(firstBatch);
  }

  @Test
  void forcingTheSameCorrectionPublishesTheSameBatchIdAgain() throws Exception {
    Path corrected = corrected("DTW", "LAS");
    replay("--object", key, "--file", corrected.toString());
    String first = published().get(0).payload(IngestBatchV1.class).batchId();

    OpsRun forced = replay("--object", key, "--file", corrected.toString(), "--force");

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(published())
        .singleElement()
        .satisfies(e -> assertThat(e.payload(IngestBatchV1.class).batchId()).isEqualTo(first));
  }

  @Test
  void listSummarisesEachBatch_andShowsItsReplay() throws Exception {
    OpsRun before = quarantine("list", "--batch", batchId);
    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(before.out())
        .contains("Quarantine s3://" + bucket + ": 1 object(s)")
        .contains(key + "  2 record(s)  reasons: range 1, required 1")
        .doesNotContain("replayed as");

    replay("--object", key, "--file", corrected("DTW", "LAS").toString());
    String replayed = published().get(0).payload(IngestBatchV1.class).batchId();

    OpsRun after = quarantine("list", "--dataset", DATASET, "--batch", batchId, "--json");
    assertThat(after.exitCode()).as(after.err()).isZero();
    JsonNode only = JSON.readTree(after.out()).get("batches").get(0);
    assertThat(only.get("key").asText()).isEqualTo(key);
    assertThat(only.get("records").asInt()).isEqualTo(2);
    assertThat(only.get("reasons").get("required").asInt()).isEqualTo(1);
    assertThat(only.get("replays").get(0).get("batchId").asText()).isEqualTo(replayed);
    assertThat(quarantine("list", "--batch", batchId).out())
        .contains("replayed as batch " + replayed + " (2 record(s))");
    assertThat(quarantine("list", "--dataset", "nope", "--batch", batchId).out())
        .contains(": 0 object(s)");
  }

  @Test
  void theCorrectedRecordsCanComeFromStdin() throws Exception {
    byte[] records = Files.readAllBytes(corrected("DTW", "LAS"));
    CommandLine replay =
        new CommandLine(
            new QuarantineReplayCommand(CLOCK, () -> new ByteArrayInputStream(records)));
    StringWriter out = new StringWriter();
    replay.setOut(new PrintWriter(out, true));

    int exit =
        replay.execute(
            "--object",
            key,
            "--prefix",
            LocalAws.LOCAL_PREFIX,
            "--endpoint-url",
            aws.endpoint().toString());

    assertThat(exit).isZero();
    assertThat(published())
        .singleElement()
        .satisfies(e -> assertThat(e.payload(IngestBatchV1.class).records()).hasSize(2));
    assertThat(out.toString()).contains("Published ingest.batch " + batchId + ReplayBatchId.MARK);
  }

  @Test
  void badArgumentsOrRecordsPrintTheUsageAndExit2() throws Exception {
    Path notObjects = dir.resolve("bad.ndjson");
    Files.writeString(notObjects, "{\"ok\":1}\n[1,2]\n");
    Path empty = dir.resolve("empty.ndjson");
    Files.writeString(empty, "\n");
    String good = corrected("DTW", "LAS").toString();
    for (List<String> args :
        List.of(
            List.of("replay", "--file", good),
            List.of("replay", "--object", "not-a-quarantine-key", "--file", good),
            List.of("replay", "--object", key, "--file", notObjects.toString()),
            List.of("replay", "--object", key, "--file", empty.toString()),
            List.of("replay", "--object", key, "--file", dir.resolve("missing").toString()))) {
      OpsRun run = quarantine(args.toArray(String[]::new));
      assertThat(run.exitCode()).as("%s: %s", args, run.err()).isEqualTo(2);
      assertThat(run.err()).contains("Usage: ops quarantine " + args.get(0));
    }
    OpsRun badPrefix =
        OpsRun.execute(
            CLOCK,
            "quarantine",
            "list",
            "--prefix",
            "Bad_Prefix",
            "--endpoint-url",
            aws.endpoint().toString());
    assertThat(badPrefix.exitCode()).isEqualTo(2);
    assertThat(badPrefix.err()).contains("Usage: ops quarantine list");
    assertThat(published()).isEmpty();
    OpsRun missing = replay("--object", "validation/flights/nothing-here.ndjson", "--file", good);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no object validation/flights/nothing-here.ndjson");
  }

  @Test
  void everyCommandHasHelp() {
    assertThat(OpsRun.execute(CLOCK, "quarantine", "--help").out()).contains("list", "replay");
    assertThat(OpsRun.execute(CLOCK, "quarantine", "replay", "--help").out())
        .contains("Exactly once", "already replayed as batch X", "local platform", "--force");
    assertThat(OpsRun.execute(CLOCK, "quarantine", "list", "--help").out())
        .contains("--dataset", "--batch", "--json fields");
    assertThat(OpsRun.execute(CLOCK, "--help").out()).contains("quarantine", "dlq");
  }

  /** The two rejected records, corrected. */
  private Path corrected(String origin, String destination) throws Exception {
    Path file = dir.resolve("corrected-" + UUID.randomUUID() + ".ndjson");
    Files.writeString(
        file,
        ("{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"distance\":1750,\"origin\":\"%s\","
                + "\"destination\":\"%s\"}\n"
                + "{\"date\":\"2001/01/01 01:10\",\"delay\":5,\"distance\":2399,\"origin\":\"%s\","
                + "\"destination\":\"%s\"}\n")
            .formatted(origin, destination, origin, destination));
    return file;
  }

  /** What reached the listener since the last call, decoded as the stages decode it. */
  private static List<Envelope> published() {
    EnvelopeCodec codec = new EnvelopeCodec(aws.contracts().messages());
    List<Envelope> envelopes = new ArrayList<>();
    List<Message> batch;
    do {
      batch = probe.receive(listenerUrl, 60);
      for (Message m : batch) {
        envelopes.add(codec.decode(m.body()));
        sqs.deleteMessage(r -> r.queueUrl(listenerUrl).receiptHandle(m.receiptHandle()));
      }
    } while (!batch.isEmpty());
    return envelopes;
  }

  private static JsonNode tree(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static OpsRun replay(String... args) {
    List<String> all = new ArrayList<>(List.of("replay"));
    all.addAll(List.of(args));
    return quarantine(all.toArray(String[]::new));
  }

  private static OpsRun quarantine(String... args) {
    List<String> all = new ArrayList<>(List.of("quarantine"));
    all.addAll(List.of(args));
    all.addAll(
        List.of("--prefix", LocalAws.LOCAL_PREFIX, "--endpoint-url", aws.endpoint().toString()));
    return OpsRun.execute(CLOCK, all.toArray(String[]::new));
  }
}
