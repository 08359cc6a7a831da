package dev.iceflow.validation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.aws.SharedLocalAws;
import dev.iceflow.testkit.lambda.MockEventServer;
import dev.iceflow.testkit.lambda.SqsEvents;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import dev.iceflow.validation.input.DroppedObjectUnavailableException;
import dev.iceflow.validation.input.IngestMessageReader;
import dev.iceflow.validation.output.UnroutedMessages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The handler through Quarkus' mock Lambda event server against the embedded AWS, for what reaches
 * validation without being a batch it can validate (parked in ingest-unrouted with the reason) and
 * for dropped files' object versions.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class IngestRoutingAndVersionsHandlerTest {

  private static final String QUEUE_ARN =
      "arn:aws:sqs:us-east-1:123456789012:iceflow-local-validation-ingest";
  private static final Duration ARRIVAL = Duration.ofSeconds(10);

  private static LocalAws aws;
  @Inject ValidationService service;
  private static S3Client s3;
  private static SqsClient sqs;
  private static QueueProbe probe;

  @BeforeAll
  static void connect() {
    aws = SharedLocalAws.get();
    s3 = aws.clients().s3();
    sqs = aws.clients().sqs();
    probe = new QueueProbe(sqs);
    Fixtures.uploadAirports(aws);
  }

  @AfterAll
  static void disconnect() {
    s3.close();
    sqs.close();
  }

  @BeforeEach
  void emptyTheAnnouncementAndParkingQueues() {
    probe.drain(aws.provisioned().queueUrl("cost-guard"));
    probe.drain(aws.provisioned().queueUrl("ingest-unrouted"));
  }

  /**
   * A contract version this deployment cannot read fails (its dataset is routed here, the DLQ keeps
   * it for a redrive once the contract is deployed); a dataset without a contract is parked in
   * ingest-unrouted with the reason, not failed; the neighbour is validated either way.
   */
  /**
   * Every publish to the ingest topic reaches this queue, whatever its type: one that is not an
   * ingest.batch is parked with its reason and its message attributes, and counts as handled.
   */
  @Test
  void shouldParkAMessageWithoutTypeOrOfAnotherType_withTheReasonAndItsAttributes() {
    ObjectNode untyped = ingest(batchId(), Fixtures.flights().subList(0, 1));
    untyped.remove("type");
    ObjectNode otherType = ingest(batchId(), Fixtures.flights().subList(0, 1));
    otherType.put("type", "batch.validated");
    ObjectNode withAttributes = SqsEvents.message("other-type", otherType, QUEUE_ARN);
    withAttributes
        .putObject("messageAttributes")
        .putObject("type")
        .put("stringValue", "batch.validated")
        .put("dataType", "String");

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(SqsEvents.message("untyped", untyped, QUEUE_ARN), withAttributes));

    assertThat(response.path("batchItemFailures")).isEmpty();
    Message parkedUntyped = parked(untyped.get("id").asText());
    Message parkedOtherType = parked(otherType.get("id").asText());
    assertThat(reason(parkedUntyped)).isEqualTo("not-an-ingest-batch");
    assertThat(reason(parkedOtherType)).isEqualTo("not-an-ingest-batch");
    assertThat(parkedOtherType.messageAttributes().get(UnroutedMessages.DETAIL).stringValue())
        .contains("batch.validated");
    assertThat(parkedOtherType.messageAttributes().get("type").stringValue())
        .isEqualTo("batch.validated");
  }

  /** The raw bucket notifies for all of incoming/; a folder without a contract is parked. */
  @Test
  void shouldParkAFileDroppedForADatasetWithoutContract_andIgnoreS3sTestEvent() throws Exception {
    String key = "incoming/parcels/" + UUID.randomUUID() + ".csv";
    PutObjectResponse upload = putCsv(key, Fixtures.flights().subList(0, 1));
    JsonNode notification = notificationOf(key, upload);
    JsonNode testEvent =
        EnvelopeCodec.mapper()
            .readTree(
                """
                {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": "2026-11-26T08:00:00.000Z",
                 "Bucket": "iceflow-local-raw", "RequestId": "5582815E1AEA5ADF", "HostId": "test"}
                """);

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(
                SqsEvents.message("parcels-file", notification, QUEUE_ARN),
                SqsEvents.message("test-event", testEvent, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures")).isEmpty();
    Message parked = parked(key.substring(key.lastIndexOf('/') + 1));
    assertThat(reason(parked)).isEqualTo("unknown-dataset");
    assertThat(parked.body()).isEqualTo(notification.toString());
    assertThat(parkedNow()).noneMatch(m -> m.body().contains("s3:TestEvent"));
  }

  @Test
  void shouldValidateEachVersionOnce_whenTheObjectIsOverwrittenBeforeItsNotificationIsHandled()
      throws Exception {
    String key = "incoming/flights/" + UUID.randomUUID() + ".csv";
    List<ObjectNode> v1Rows = Fixtures.flights().subList(0, 3);
    List<ObjectNode> v2Rows = Fixtures.flights().subList(10, 15);
    PutObjectResponse v1 = putCsv(key, v1Rows);
    JsonNode v1Notification = notificationOf(key, v1);
    PutObjectResponse v2 = putCsv(key, v2Rows); // overwritten before v1's notification is handled
    JsonNode v2Notification = notificationOf(key, v2);
    assertThat(v1.versionId()).isNotEqualTo(v2.versionId());

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(
                SqsEvents.message("v1", v1Notification, QUEUE_ARN),
                SqsEvents.message("v2", v2Notification, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures")).isEmpty();
    String v1Batch = batchIdOf(v1Notification);
    String v2Batch = batchIdOf(v2Notification);
    assertThat(v1Batch).isNotEqualTo(v2Batch);
    assertThat(stagedFlights(v1Batch)).containsExactlyElementsOf(flightKeys(v1Rows));
    assertThat(stagedFlights(v2Batch)).containsExactlyElementsOf(flightKeys(v2Rows));
  }

  @Test
  void shouldMapARedeliveredNotificationToTheSameBatch_andTwoVersionsWithTheSameContentToTwo()
      throws Exception {
    String key = "incoming/flights/" + UUID.randomUUID() + ".csv";
    List<ObjectNode> rows = Fixtures.flights().subList(0, 2);
    PutObjectResponse first = putCsv(key, rows);
    JsonNode firstNotification = notificationOf(key, first);
    PutObjectResponse again = putCsv(key, rows); // same bytes, same ETag, a new version
    JsonNode againNotification = notificationOf(key, again);
    assertThat(again.eTag()).isEqualTo(first.eTag());

    assertThat(batchIdOf(firstNotification.deepCopy())).isEqualTo(batchIdOf(firstNotification));
    assertThat(batchIdOf(againNotification)).isNotEqualTo(batchIdOf(firstNotification));
  }

  @Test
  void shouldFailANotificationWithoutVersion_whenTheObjectWasOverwrittenSince_withTheReason()
      throws Exception {
    String key = "incoming/flights/" + UUID.randomUUID() + ".csv";
    PutObjectResponse v1 = putCsv(key, Fixtures.flights().subList(0, 3));
    ObjectNode unversioned = (ObjectNode) notificationOf(key, v1);
    ((ObjectNode) unversioned.at("/Records/0/s3/object")).remove("versionId");
    putCsv(key, Fixtures.flights().subList(10, 15));

    JsonNode response =
        MockEventServer.invoke(SqsEvents.event(SqsEvents.message("stale", unversioned, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures"))
        .extracting(f -> f.get("itemIdentifier").asText())
        .containsExactly("stale");
    assertThat(
            s3.listObjectsV2(
                    r ->
                        r.bucket(aws.provisioned().bucket("staging"))
                            .prefix(stagingKey(batchIdOf(unversioned))))
                .keyCount())
        .isZero();
    assertThatThrownBy(() -> service.handle(sqsMessage(unversioned)))
        .isInstanceOf(DroppedObjectUnavailableException.class)
        .hasMessageContaining("no longer has the notified ETag")
        .hasMessageContaining(key);
  }

  /** The message parked in ingest-unrouted whose body contains {@code marker}, taken off it. */
  private static Message parked(String marker) {
    return probe
        .await(
            aws.provisioned().queueUrl("ingest-unrouted"), m -> m.body().contains(marker), ARRIVAL)
        .orElseThrow(() -> new AssertionError("nothing parked in ingest-unrouted for " + marker));
  }

  /** What ingest-unrouted holds now, left in place. */
  private static List<Message> parkedNow() {
    return probe.receive(aws.provisioned().queueUrl("ingest-unrouted"), 0);
  }

  private static String reason(Message parked) {
    return parked.messageAttributes().get(UnroutedMessages.REASON).stringValue();
  }

  private static SQSMessage sqsMessage(JsonNode body) {
    SQSMessage message = new SQSMessage();
    message.setMessageId("direct");
    message.setBody(body.toString());
    return message;
  }

  private static PutObjectResponse putCsv(String key, List<ObjectNode> flights) {
    StringBuilder csv = new StringBuilder("date,delay,distance,origin,destination\n");
    flights.forEach(
        f ->
            csv.append(
                "%s,%s,%s,%s,%s\n"
                    .formatted(
                        f.get("date").asText(),
                        f.get("delay").asText(),
                        f.get("distance").asText(),
                        f.get("origin").asText(),
                        f.get("destination").asText())));
    return s3.putObject(
        r -> r.bucket(aws.provisioned().bucket("raw")).key(key),
        RequestBody.fromString(csv.toString()));
  }

  /**
   * The raw bucket's notification of this upload, from the queue, with the version id AWS puts in
   * it for a versioned bucket (moto 5.2 leaves it out): <a
   * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">
   * event message structure</a>.
   */
  private static JsonNode notificationOf(String key, PutObjectResponse upload) throws Exception {
    String eTag = upload.eTag().replace("\"", "");
    Message message =
        probe
            .await(
                aws.provisioned().queueUrl("validation-ingest"),
                m -> {
                  JsonNode object = json(m.body()).at("/Records/0/s3/object");
                  return key.equals(URLDecoder.decode(object.path("key").asText(), UTF_8))
                      && eTag.equals(object.path("eTag").asText());
                },
                ARRIVAL)
            .orElseThrow(() -> new AssertionError("no S3 notification for " + key));
    ObjectNode notification = (ObjectNode) EnvelopeCodec.mapper().readTree(message.body());
    ((ObjectNode) notification.at("/Records/0/s3/object")).put("versionId", upload.versionId());
    return notification;
  }

  private static JsonNode json(String text) {
    try {
      return EnvelopeCodec.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String batchIdOf(JsonNode notification) {
    return new IngestMessageReader(
            new EnvelopeCodec(aws.contracts().messages()), aws.contracts().datasets().keySet())
        .read(notification.toString())
        .get(0)
        .payload(IngestBatchV1.class)
        .batchId();
  }

  private static List<String> stagedFlights(String batchId) throws Exception {
    return lines(readGzip(stagingKey(batchId))).stream()
        .map(staged -> flightKey(staged.get("record")))
        .toList();
  }

  private static List<String> flightKeys(List<ObjectNode> flights) {
    return flights.stream().map(IngestRoutingAndVersionsHandlerTest::flightKey).toList();
  }

  private static String flightKey(JsonNode flight) {
    return String.join(
        "|",
        flight.get("date").asText(),
        flight.get("delay").asText(),
        flight.get("origin").asText(),
        flight.get("destination").asText());
  }

  private static JsonNode announced(String type, String batchId) throws Exception {
    return announcedEnvelope(type, batchId).get("data");
  }

  private static JsonNode announcedEnvelope(String type, String batchId) throws Exception {
    Message m =
        probe
            .await(
                aws.provisioned().queueUrl("cost-guard"),
                msg ->
                    msg.body().contains("\"type\":\"" + type + "\"")
                        && (batchId == null || msg.body().contains(batchId)),
                ARRIVAL)
            .orElseThrow(() -> new AssertionError("no " + type + " for " + batchId));
    return EnvelopeCodec.mapper().readTree(m.body());
  }

  static ObjectNode ingest(String batchId, List<ObjectNode> records) {
    ObjectNode data =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("batchId", batchId)
            .put("contractVersion", "1.0");
    ArrayNode array = data.putArray("records");
    records.forEach(r -> array.add(r.deepCopy()));
    Envelope envelope =
        Envelope.originating(
            "test." + batchId,
            MessageType.INGEST_BATCH,
            "1.0",
            "validation-test",
            Instant.now(),
            "flights",
            batchId,
            data);
    return EnvelopeCodec.mapper().valueToTree(envelope);
  }

  static ObjectNode flight(
      String date, int delay, int distance, String origin, String destination) {
    return EnvelopeCodec.mapper()
        .createObjectNode()
        .put("date", date)
        .put("delay", delay)
        .put("distance", distance)
        .put("origin", origin)
        .put("destination", destination);
  }

  private static String stagingKey(String batchId) {
    return "validated/flights/" + batchId + ".ndjson.gz";
  }

  private static String readGzip(String key) throws Exception {
    try (GZIPInputStream in =
        new GZIPInputStream(
            s3.getObject(r -> r.bucket(aws.provisioned().bucket("staging")).key(key)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String read(String bucket, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
  }

  private static List<JsonNode> lines(String ndjson) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      if (!line.isBlank()) {
        out.add(EnvelopeCodec.mapper().readTree(line));
      }
    }
    return out;
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static String batchId() {
    return "b-" + UUID.randomUUID();
  }
}
