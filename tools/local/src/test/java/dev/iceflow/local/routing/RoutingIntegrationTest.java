package dev.iceflow.local.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.local.emulator.Fixtures;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.QueueProbe;
import dev.iceflow.local.junit.WithLocalAws;
import dev.iceflow.local.provision.Provisioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
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
  private static LocalAws aws;

  @BeforeAll
  static void connect(LocalAws localAws) {
    aws = localAws;
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
    Envelope sent =
        IngestBatches.inline(
            "flights", batchId(), "integration-test", Fixtures.flights().subList(0, 1));

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

  @Test
  void aBatchOfAnotherDatasetIsFilteredOutOfValidation_andParkedNotDropped() {
    Envelope flights =
        IngestBatches.inline(
            "flights", batchId(), "integration-test", Fixtures.flights().subList(0, 1));
    Envelope unknown =
        IngestBatches.inline(
            "parcels", batchId(), "integration-test", Fixtures.flights().subList(0, 1));

    publisher.publish("ingest", unknown);
    publisher.publish("ingest", flights);

    assertThat(arrived("validation-ingest", flights)).isPresent();
    assertThat(arrived("ingest-unrouted", unknown)).isPresent();
    assertThat(probe.receive(provisioned.queueUrl("validation-ingest"), 0))
        .noneMatch(m -> m.body().contains(unknown.id()));
  }

  /**
   * Every way an upstream publish can get the envelope's dataset or type, or the message
   * attributes, wrong, crossed with every way of sending attributes: each message lands on exactly
   * one of the ingest topic's two queues. The subscriptions route on the body, so attributes change
   * nothing.
   */
  @Test
  void everyPublishToTheIngestTopicLandsInExactlyOneQueue_whateverItsAttributes() {
    assumeTrue(
        aws.isEmbeddedMoto(),
        "relies on moto delivering to every matching subscription before Publish returns");
    Map<String, String> caseIds = new LinkedHashMap<>(); // case -> envelope id
    Map<String, List<String>> expected = new LinkedHashMap<>(); // case -> [its queue]
    for (Map.Entry<String, BodyCase> body : BODY_CASES.entrySet()) {
      for (Map.Entry<String, AttributeCase> attributes : ATTRIBUTE_CASES.entrySet()) {
        String caseName = body.getKey() + " / attributes " + attributes.getKey();
        String id = "route-" + UUID.randomUUID();
        ObjectNode envelope =
            EnvelopeCodec.mapper()
                .valueToTree(
                    IngestBatches.inline(
                        "flights", id, "routing-test", Fixtures.flights().subList(0, 1)));
        envelope.put("id", id);
        body.getValue().mutate().accept(envelope);
        sns.publish(
            r ->
                r.topicArn(provisioned.topicArn("ingest"))
                    .message(envelope.toString())
                    .messageAttributes(attributes.getValue().of(envelope)));
        caseIds.put(caseName, id);
        expected.put(caseName, List.of(body.getValue().queue()));
      }
    }

    Map<String, List<String>> landed = new LinkedHashMap<>();
    caseIds.keySet().forEach(caseName -> landed.put(caseName, new ArrayList<>()));
    for (String queue : List.of(VALIDATION, UNROUTED)) {
      // moto fans out inside Publish, so both queues hold every copy there will ever be
      for (Message m : drainAll(provisioned.queueUrl(queue))) {
        caseIds.forEach(
            (caseName, id) -> {
              if (m.body().contains("\"id\":\"" + id + "\"")) {
                landed.get(caseName).add(queue);
              }
            });
      }
    }

    assertThat(landed).hasSize(BODY_CASES.size() * ATTRIBUTE_CASES.size());
    assertThat(landed).containsExactlyEntriesOf(expected);
  }

  /** How the body departs from a valid flights batch, and the queue it must land in. */
  private record BodyCase(Consumer<ObjectNode> mutate, String queue) {}

  /** Which message attributes the publisher sends, given the body it sends. */
  private interface AttributeCase {
    Map<String, MessageAttributeValue> of(ObjectNode body);
  }

  private static final String VALIDATION = "validation-ingest";
  private static final String UNROUTED = "ingest-unrouted";

  private static final Map<String, BodyCase> BODY_CASES = new LinkedHashMap<>();
  private static final Map<String, AttributeCase> ATTRIBUTE_CASES = new LinkedHashMap<>();

  static {
    BODY_CASES.put("valid", new BodyCase(b -> {}, VALIDATION));
    BODY_CASES.put(
        "other-known-dataset", new BodyCase(b -> b.put("dataset", "seattle_weather"), VALIDATION));
    BODY_CASES.put("unknown-dataset", new BodyCase(b -> b.put("dataset", "parcels"), UNROUTED));
    BODY_CASES.put(
        "dataset-in-other-case", new BodyCase(b -> b.put("dataset", "Flights"), UNROUTED));
    BODY_CASES.put("empty-dataset", new BodyCase(b -> b.put("dataset", ""), UNROUTED));
    BODY_CASES.put("numeric-dataset", new BodyCase(b -> b.put("dataset", 7), UNROUTED));
    BODY_CASES.put("no-dataset", new BodyCase(b -> b.remove("dataset"), UNROUTED));
    BODY_CASES.put(
        "misspelled-dataset-key",
        new BodyCase(b -> b.set("Dataset", b.remove("dataset")), UNROUTED));
    // validation takes every batch of a known dataset and fails a wrong type with its reason
    BODY_CASES.put("no-type", new BodyCase(b -> b.remove("type"), VALIDATION));
    BODY_CASES.put("other-type", new BodyCase(b -> b.put("type", "batch.validated"), VALIDATION));
    BODY_CASES.put(
        "no-type-no-dataset",
        new BodyCase(
            b -> {
              b.remove("type");
              b.remove("dataset");
            },
            UNROUTED));
    BODY_CASES.put(
        "other-type-unknown-dataset",
        new BodyCase(
            b -> {
              b.put("type", "batch.validated");
              b.put("dataset", "parcels");
            },
            UNROUTED));

    ATTRIBUTE_CASES.put("none", body -> Map.of());
    ATTRIBUTE_CASES.put("as-in-body", RoutingIntegrationTest::attributesAsInBody);
    ATTRIBUTE_CASES.put(
        "contradicting-body",
        body ->
            Map.of(
                "type", text("ingest.batch"),
                "dataset",
                    text("flights".equals(body.path("dataset").asText()) ? "parcels" : "flights")));
    ATTRIBUTE_CASES.put(
        "misspelled-names",
        body -> Map.of("Type", text("ingest.batch"), "Dataset", text("flights")));
  }

  /** What EventPublisher sends: the envelope's type, dataset and version, where present. */
  private static Map<String, MessageAttributeValue> attributesAsInBody(ObjectNode body) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    for (String name : List.of("type", "dataset", "version")) {
      String value = body.path(name).asText();
      if (!value.isEmpty()) { // SNS refuses an empty attribute value
        attributes.put(name, text(value));
      }
    }
    return attributes;
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
    Envelope poison =
        IngestBatches.inline(
            "flights", batchId(), "integration-test", Fixtures.flights().subList(0, 1));
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
    Envelope sent =
        IngestBatches.inline(
            "flights", batchId(), "integration-test", Fixtures.flights().subList(0, 1));
    Envelope staged =
        sent.derive(
            sent.correlationId() + ".staged",
            dev.iceflow.contracts.message.MessageType.DATAFILES_STAGED,
            "1.0",
            "urn:iceflow:enrichment",
            stagedData(sent.correlationId()),
            java.time.Instant.now());
    probe.drain(provisioned.queueUrl("commit"));

    publisher.publishInGroup("commits", staged, "iceflow.flights");
    publisher.publishInGroup(
        "commits", staged, "iceflow.flights"); // a retried publish: same dedup id

    Message received =
        arrived("commit", staged).orElseThrow(() -> new AssertionError("never arrived"));
    assertThat(received.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
        .isEqualTo("iceflow.flights");
    assertThat(arrived("commit", staged, Duration.ofSeconds(3))).isEmpty();
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
    return arrived(queue, envelope, ARRIVAL);
  }

  private static Optional<Message> arrived(String queue, Envelope envelope, Duration within) {
    return probe.await(
        provisioned.queueUrl(queue),
        m -> m.body().contains("\"id\":\"" + envelope.id() + "\""),
        within);
  }

  private static String batchId() {
    return "b-" + UUID.randomUUID();
  }
}
