package dev.iceflow.local.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.provision.Provisioned;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** SNS → SQS through the provisioned topology: attributes, filter policies, DLQ redrive. */
@WithLocalAws
class RoutingIntegrationTest {

  private static final Duration ARRIVAL = Duration.ofSeconds(10);

  private static SnsClient sns;
  private static SqsClient sqs;
  private static Provisioned provisioned;
  private static EnvelopeCodec codec;
  private static EventPublisher publisher;
  private static QueueProbe probe;

  @BeforeAll
  static void connect(LocalAws aws) {
    sns = aws.clients().sns();
    sqs = aws.clients().sqs();
    provisioned = aws.provisioned();
    codec = new EnvelopeCodec(aws.contracts().messages());
    publisher = new EventPublisher(sns, codec, new TopicDirectory(provisioned.topicArns()));
    probe = new QueueProbe(sqs);
  }

  @AfterAll
  static void disconnect() {
    sns.close();
    sqs.close();
  }

  @BeforeEach
  void emptyQueues() {
    for (String queue :
        new String[] {"validation-ingest", "validation-ingest-dlq", "ingest-unrouted"}) {
      probe.drain(provisioned.queueUrl(queue));
    }
  }

  @Test
  void ingestBatchPublishedThroughSnsArrivesOnTheValidationQueueWithItsAttributes() {
    Envelope sent = oneFlight("flights");

    publisher.publish("ingest", sent);

    Message received =
        arrived("validation-ingest", sent).orElseThrow(() -> new AssertionError("never arrived"));
    assertThat(codec.decode(received.body())).isEqualTo(sent);
    assertThat(received.messageAttributes())
        .hasEntrySatisfying("type", v -> assertThat(v.stringValue()).isEqualTo("ingest.batch"))
        .hasEntrySatisfying("dataset", v -> assertThat(v.stringValue()).isEqualTo("flights"))
        .hasEntrySatisfying("version", v -> assertThat(v.stringValue()).isEqualTo("1.0"))
        .hasEntrySatisfying(
            "traceparent", v -> assertThat(v.stringValue()).isEqualTo(sent.traceparent()));
  }

  /**
   * Every way an upstream publish can get the body (not JSON, not an object, the envelope's dataset
   * or type) or the message attributes wrong, crossed with every way of sending attributes: each
   * message lands on validation-ingest, once, and SNS puts nothing in ingest-unrouted (validation
   * parks there what it cannot route). With a filter policy on the body, SNS would drop a body that
   * is not a JSON object, and (in moto) one whose dataset is null or an object.
   */
  @Test
  void everyPublishToTheIngestTopicReachesValidation_whateverItsBodyAndAttributes() {
    Map<String, String> markers = new LinkedHashMap<>(); // case -> marker in its body
    Map<String, List<String>> expected = new LinkedHashMap<>(); // case -> [its queue]
    for (Map.Entry<String, Function<ObjectNode, Object>> body : BODY_CASES.entrySet()) {
      for (Map.Entry<String, AttributeCase> attributes : ATTRIBUTE_CASES.entrySet()) {
        String caseName = body.getKey() + " / attributes " + attributes.getKey();
        String marker = "route-" + UUID.randomUUID();
        ObjectNode envelope =
            EnvelopeCodec.mapper()
                .valueToTree(
                    IngestBatches.inline(
                        "flights", marker, "routing-test", Fixtures.flights().subList(0, 1)));
        envelope.put("id", marker);
        String published = body.getValue().apply(envelope.deepCopy()).toString();
        sns.publish(
            r ->
                r.topicArn(provisioned.topicArn("ingest"))
                    .message(published)
                    .messageAttributes(attributes.getValue().of(envelope)));
        markers.put(caseName, marker);
        expected.put(caseName, List.of(VALIDATION));
      }
    }

    Map<String, List<String>> landed = new LinkedHashMap<>();
    markers.keySet().forEach(caseName -> landed.put(caseName, new ArrayList<>()));
    Instant deadline = Instant.now().plus(ARRIVAL);
    do {
      collect(landed, markers);
    } while (landed.containsValue(List.of()) && Instant.now().isBefore(deadline));
    collect(landed, markers); // a second copy, or one in the wrong queue, is there by now too

    assertThat(landed).hasSize(BODY_CASES.size() * ATTRIBUTE_CASES.size());
    assertThat(landed).containsExactlyEntriesOf(expected);
  }

  /** Takes what both ingest queues hold, noting for each case the queue its marker was in. */
  private static void collect(Map<String, List<String>> landed, Map<String, String> markers) {
    for (String queue : List.of(VALIDATION, UNROUTED)) {
      for (Message m : drainAll(provisioned.queueUrl(queue))) {
        markers.forEach(
            (caseName, marker) -> {
              if (m.body().contains(marker)) {
                landed.get(caseName).add(queue);
              }
            });
      }
    }
  }

  /** Which message attributes the publisher sends, given the envelope it meant to send. */
  private interface AttributeCase {
    Map<String, MessageAttributeValue> of(ObjectNode meant);
  }

  private static final String VALIDATION = "validation-ingest";
  private static final String UNROUTED = "ingest-unrouted";

  /** How the published body departs from a valid flights batch. */
  private static final Map<String, Function<ObjectNode, Object>> BODY_CASES = new LinkedHashMap<>();

  private static final Map<String, AttributeCase> ATTRIBUTE_CASES = new LinkedHashMap<>();

  static {
    BODY_CASES.put("valid", b -> b);
    BODY_CASES.put("other-known-dataset", b -> b.put("dataset", "seattle_weather"));
    BODY_CASES.put("unknown-dataset", b -> b.put("dataset", "parcels"));
    BODY_CASES.put("dataset-in-other-case", b -> b.put("dataset", "Flights"));
    BODY_CASES.put("empty-dataset", b -> b.put("dataset", ""));
    BODY_CASES.put("numeric-dataset", b -> b.put("dataset", 7));
    BODY_CASES.put("null-dataset", b -> b.putNull("dataset"));
    BODY_CASES.put("object-dataset", b -> b.set("dataset", b.objectNode().put("name", "flights")));
    BODY_CASES.put("no-dataset", b -> without(b, "dataset"));
    BODY_CASES.put("misspelled-dataset-key", b -> b.set("Dataset", b.remove("dataset")));
    BODY_CASES.put("no-type", b -> without(b, "type"));
    BODY_CASES.put("other-type", b -> b.put("type", "batch.validated"));
    BODY_CASES.put("not-json", b -> "hello " + b.get("id").asText());
    BODY_CASES.put("json-array", b -> b.arrayNode().add(b));
    BODY_CASES.put("json-string", b -> b.textNode(b.get("id").asText()));

    ATTRIBUTE_CASES.put("none", meant -> Map.of());
    ATTRIBUTE_CASES.put("as-meant", RoutingIntegrationTest::attributesAsMeant);
    ATTRIBUTE_CASES.put(
        "contradicting",
        meant -> Map.of("type", text("batch.validated"), "dataset", text("parcels")));
    ATTRIBUTE_CASES.put(
        "misspelled-names",
        meant -> Map.of("Type", text("ingest.batch"), "Dataset", text("flights")));
  }

  /** What EventPublisher sends for the envelope: its type, dataset and version. */
  private static Map<String, MessageAttributeValue> attributesAsMeant(ObjectNode meant) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    for (String name : List.of("type", "dataset", "version")) {
      attributes.put(name, text(meant.get(name).asText()));
    }
    return attributes;
  }

  private static ObjectNode without(ObjectNode node, String field) {
    node.remove(field);
    return node;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** Receives and deletes until the queue is empty. */
  private static List<Message> drainAll(String queueUrl) {
    List<Message> all = new ArrayList<>();
    List<Message> batch;
    do {
      batch = probe.receive(queueUrl, 60);
      batch.forEach(
          m -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
      all.addAll(batch);
    } while (!batch.isEmpty());
    return all;
  }

  @Test
  void aMessageThatFailsMaxReceiveCountTimesLandsInTheDeadLetterQueue() {
    Envelope poison = oneFlight("flights");
    publisher.publish("ingest", poison);
    String queue = provisioned.queueUrl("validation-ingest");
    int maxReceiveCount = 5;

    int receives = 0;
    for (int attempt = 0; attempt < 4 * maxReceiveCount && receives < maxReceiveCount; attempt++) {
      // a consumer that fails and never deletes: visibility 0 makes it visible again at once
      receives +=
          (int)
              probe.receive(queue, 0).stream().filter(m -> m.body().contains(poison.id())).count();
    }
    assertThat(receives).isEqualTo(maxReceiveCount);
    assertThat(probe.receive(queue, 0)).noneMatch(m -> m.body().contains(poison.id()));

    Message dead =
        arrived("validation-ingest-dlq", poison)
            .orElseThrow(() -> new AssertionError("not in the DLQ"));
    assertThat(
            Integer.parseInt(
                dead.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
        .isGreaterThanOrEqualTo(maxReceiveCount);
  }

  @Test
  void aStagedFileMessageOnTheFifoTopicIsDeliveredOnceInItsGroup() {
    Envelope staged = staged(oneFlight("flights"));
    Envelope later = staged(oneFlight("flights"));
    probe.drain(provisioned.queueUrl("commit"));

    publisher.publishInGroup("commits", staged, "iceflow.flights");
    publisher.publishInGroup(
        "commits", staged, "iceflow.flights"); // a retried publish: same dedup id
    // the group's next message: FIFO hands it out only after every copy of the first
    publisher.publishInGroup("commits", later, "iceflow.flights");

    List<Message> received =
        probe.takeThrough(provisioned.queueUrl("commit"), m -> isEnvelope(m, later), ARRIVAL);
    assertThat(received)
        .extracting(m -> codec.decode(m.body()).id())
        .containsExactly(staged.id(), later.id());
    assertThat(received.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
        .isEqualTo("iceflow.flights");
  }

  private static Envelope oneFlight(String dataset) {
    return IngestBatches.inline(
        dataset, batchId(), "integration-test", Fixtures.flights().subList(0, 1));
  }

  private static Envelope staged(Envelope ingest) {
    return ingest.derive(
        ingest.correlationId() + ".staged",
        dev.iceflow.contracts.message.MessageType.DATAFILES_STAGED,
        "1.0",
        "urn:iceflow:enrichment",
        stagedData(ingest.correlationId()),
        java.time.Instant.now());
  }

  private static com.fasterxml.jackson.databind.JsonNode stagedData(String batchId) {
    String json =
        """
        {"batchId": "%s", "table": {"namespace": "iceflow", "name": "flights"}, "contractVersion": "1.0",
         "specId": 0, "recordCount": 1, "earliestIngestTime": "2026-11-26T08:00:00Z", "attempt": "req-1",
         "files": [{"path": "s3://iceflow-local-warehouse/iceflow/flights/data/event_day=2001-01-01/f.parquet",
                    "format": "PARQUET", "partition": {"event_day": 11323}, "recordCount": 1, "fileSizeInBytes": 1024}]}
        """
            .formatted(batchId);
    try {
      return EnvelopeCodec.mapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Message> arrived(String queue, Envelope envelope) {
    return probe.await(provisioned.queueUrl(queue), m -> isEnvelope(m, envelope), ARRIVAL);
  }

  private static boolean isEnvelope(Message m, Envelope envelope) {
    return m.body().contains("\"id\":\"" + envelope.id() + "\"");
  }

  private static String batchId() {
    return "b-" + UUID.randomUUID();
  }
}
