package dev.iceflow.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.staging.StagedRecords;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.aws.SharedLocalAws;
import dev.iceflow.testkit.lambda.MockEventServer;
import dev.iceflow.testkit.lambda.SqsEvents;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import dev.iceflow.validation.output.UnroutedMessages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Everything an upstream system can publish to the ingest topic, through the provisioned SNS
 * subscriptions of the embedded AWS and then the validation handler, as Lambda runs it on what
 * arrives: each valid batch is validated (its records staged), each other message ends in
 * ingest-unrouted with the reason; none ends nowhere, none in both.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class IngestRoutingIntegrationTest {

  private static final Duration DELIVERY = Duration.ofSeconds(30);
  private static final int LAMBDA_BATCH_SIZE = 10; // the topology's batchSize for validation
  private static final String VALIDATED = "validated";
  private static final String PARKED = "parked: ";

  private static LocalAws aws;
  private static SnsClient sns;
  private static SqsClient sqs;
  private static S3Client s3;
  private static QueueProbe probe;

  @BeforeAll
  static void connect() {
    aws = SharedLocalAws.get();
    sns = aws.clients().sns();
    sqs = aws.clients().sqs();
    s3 = aws.clients().s3();
    probe = new QueueProbe(sqs);
    Fixtures.uploadAirports(aws);
  }

  @AfterAll
  static void disconnect() {
    sns.close();
    sqs.close();
    s3.close();
  }

  @BeforeEach
  void emptyTheIngestQueues() {
    probe.drain(queueUrl("validation-ingest"));
    probe.drain(queueUrl("ingest-unrouted"));
  }

  @Test
  void everyPublishToTheIngestTopicIsValidatedOrParkedWithItsReason_neverLostNeverBoth() {
    Map<String, String> markers = new LinkedHashMap<>(); // case -> marker in its body
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (Map.Entry<String, BodyCase> body : BODY_CASES.entrySet()) {
      for (Map.Entry<String, AttributeCase> attributes : ATTRIBUTE_CASES.entrySet()) {
        String caseName = body.getKey() + " / attributes " + attributes.getKey();
        String marker = "route-" + UUID.randomUUID();
        ObjectNode envelope = envelope(body.getValue().dataset(), marker);
        String published = body.getValue().publish().apply(envelope.deepCopy());
        sns.publish(
            r ->
                r.topicArn(aws.provisioned().topicArn("ingest"))
                    .message(published)
                    .messageAttributes(attributes.getValue().of(published, envelope)));
        markers.put(caseName, marker);
        expected.put(caseName, List.of(body.getValue().outcome()));
      }
    }

    List<Message> arrived = receiveAll("validation-ingest", markers.values());
    for (int from = 0; from < arrived.size(); from += LAMBDA_BATCH_SIZE) {
      JsonNode response =
          MockEventServer.invoke(
              SqsEvents.event(
                  arrived.subList(from, Math.min(from + LAMBDA_BATCH_SIZE, arrived.size())).stream()
                      .map(m -> SqsEvents.received(m, queueArn("validation-ingest")))
                      .toArray(ObjectNode[]::new)));
      assertThat(response.path("batchItemFailures")).as("batch item failures").isEmpty();
    }

    Map<String, List<String>> outcomes = new LinkedHashMap<>();
    markers.keySet().forEach(caseName -> outcomes.put(caseName, new ArrayList<>()));
    markers.forEach(
        (caseName, marker) -> {
          if (staged(BODY_CASES.get(caseName.split(" / ")[0]).dataset(), marker)) {
            outcomes.get(caseName).add(VALIDATED);
          }
        });
    for (Message parked : receiveAll("ingest-unrouted", List.of())) {
      markers.forEach(
          (caseName, marker) -> {
            if (parked.body().contains(marker)) {
              outcomes.get(caseName).add(PARKED + reason(parked));
            }
          });
    }

    assertThat(outcomes).hasSize(BODY_CASES.size() * ATTRIBUTE_CASES.size());
    assertThat(outcomes).containsExactlyEntriesOf(expected);
  }

  /** What the body makes of a valid batch of {@code dataset}, and where it must end. */
  private record BodyCase(String dataset, Function<ObjectNode, String> publish, String outcome) {

    static BodyCase of(Function<ObjectNode, Object> mutate, String outcome) {
      return new BodyCase("flights", b -> mutate.apply(b).toString(), outcome);
    }

    static BodyCase parked(Function<ObjectNode, Object> mutate, String reason) {
      return of(mutate, PARKED + reason);
    }
  }

  /** Which message attributes the publisher sends with the body, given the envelope it meant. */
  private interface AttributeCase {
    Map<String, MessageAttributeValue> of(String published, ObjectNode meant);
  }

  private static final Map<String, BodyCase> BODY_CASES = new LinkedHashMap<>();
  private static final Map<String, AttributeCase> ATTRIBUTE_CASES = new LinkedHashMap<>();

  static {
    BODY_CASES.put("valid", BodyCase.of(b -> b, VALIDATED));
    BODY_CASES.put(
        "other-known-dataset", new BodyCase("seattle_weather", b -> b.toString(), VALIDATED));
    BODY_CASES.put(
        "unknown-dataset", BodyCase.parked(b -> b.put("dataset", "parcels"), "unknown-dataset"));
    BODY_CASES.put(
        "dataset-in-other-case",
        BodyCase.parked(b -> b.put("dataset", "Flights"), "unknown-dataset"));
    BODY_CASES.put("empty-dataset", BodyCase.parked(b -> b.put("dataset", ""), "no-dataset"));
    BODY_CASES.put("numeric-dataset", BodyCase.parked(b -> b.put("dataset", 7), "no-dataset"));
    BODY_CASES.put("null-dataset", BodyCase.parked(b -> b.putNull("dataset"), "no-dataset"));
    BODY_CASES.put(
        "object-dataset",
        BodyCase.parked(
            b -> b.set("dataset", b.objectNode().put("name", "flights")), "no-dataset"));
    BODY_CASES.put("no-dataset", BodyCase.parked(b -> without(b, "dataset"), "no-dataset"));
    BODY_CASES.put(
        "misspelled-dataset-key",
        BodyCase.parked(b -> b.set("Dataset", b.remove("dataset")), "no-dataset"));
    BODY_CASES.put("no-type", BodyCase.parked(b -> without(b, "type"), "not-an-ingest-batch"));
    BODY_CASES.put(
        "other-type",
        BodyCase.parked(b -> b.put("type", "batch.validated"), "not-an-ingest-batch"));
    BODY_CASES.put(
        "no-type-no-dataset",
        BodyCase.parked(b -> without(without(b, "type"), "dataset"), "not-an-ingest-batch"));
    BODY_CASES.put(
        "other-type-unknown-dataset",
        BodyCase.parked(
            b -> b.put("type", "batch.validated").put("dataset", "parcels"),
            "not-an-ingest-batch"));
    BODY_CASES.put("no-source", BodyCase.parked(b -> without(b, "source"), "breaks-contract"));
    BODY_CASES.put("not-json", BodyCase.parked(b -> "hello " + b.get("id").asText(), "not-json"));
    BODY_CASES.put("json-array", BodyCase.parked(b -> b.arrayNode().add(b), "not-a-json-object"));
    BODY_CASES.put(
        "json-string", BodyCase.parked(b -> b.textNode(b.get("id").asText()), "not-a-json-object"));

    ATTRIBUTE_CASES.put("none", (published, meant) -> Map.of());
    ATTRIBUTE_CASES.put("as-in-body", IngestRoutingIntegrationTest::attributesAsInBody);
    ATTRIBUTE_CASES.put(
        "contradicting-body",
        (published, meant) ->
            Map.of(
                "type", text("ingest.batch"),
                "dataset",
                    text(published.contains("\"dataset\":\"flights\"") ? "parcels" : "flights")));
    ATTRIBUTE_CASES.put(
        "misspelled-names",
        (published, meant) -> Map.of("Type", text("ingest.batch"), "Dataset", text("flights")));
  }

  /**
   * What EventPublisher sends: the envelope's type, dataset and version where present; for a body
   * that is no envelope, those of the envelope the publisher meant to send.
   */
  private static Map<String, MessageAttributeValue> attributesAsInBody(
      String published, ObjectNode meant) {
    JsonNode body;
    try {
      body = EnvelopeCodec.mapper().readTree(published);
    } catch (java.io.IOException notJson) {
      body = meant;
    }
    JsonNode source = body.isObject() ? body : meant;
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    for (String name : List.of("type", "dataset", "version")) {
      JsonNode value = source.path(name);
      if (value.isValueNode() && !value.asText().isEmpty()) { // SNS refuses an empty value
        attributes.put(name, text(value.asText()));
      }
    }
    return attributes;
  }

  /** A valid batch of one record of {@code dataset}; its id and batch id are the marker. */
  private static ObjectNode envelope(String dataset, String marker) {
    ObjectNode record =
        "flights".equals(dataset)
            ? Fixtures.flights().get(0).deepCopy()
            : EnvelopeCodec.mapper()
                .createObjectNode()
                .put("date", "2012-01-01")
                .put("precipitation", 0.0)
                .put("temp_max", 12.8)
                .put("temp_min", 5.0)
                .put("wind", 4.7)
                .put("weather", "drizzle");
    ObjectNode envelope =
        EnvelopeCodec.mapper()
            .valueToTree(IngestBatches.inline(dataset, marker, "routing-test", List.of(record)));
    envelope.put("id", marker);
    return envelope;
  }

  private static ObjectNode without(ObjectNode node, String field) {
    node.remove(field);
    return node;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static String reason(Message parked) {
    var reason = parked.messageAttributes().get(UnroutedMessages.REASON);
    return reason == null ? "(no reason attribute)" : reason.stringValue();
  }

  private static boolean staged(String dataset, String batchId) {
    return s3.listObjectsV2(
                r ->
                    r.bucket(aws.provisioned().bucket("staging"))
                        .prefix(StagedRecords.key(dataset, batchId)))
            .keyCount()
        > 0;
  }

  /**
   * Receives and deletes what the queue holds: until every marker has arrived (or the delivery time
   * is up), or, with no markers, until it is empty. Messages of no case are dropped.
   */
  private static List<Message> receiveAll(String queue, Collection<String> markers) {
    List<Message> all = new ArrayList<>();
    List<String> missing = new ArrayList<>(markers);
    Instant deadline = Instant.now().plus(DELIVERY);
    while (Instant.now().isBefore(deadline)) {
      List<Message> batch = probe.receive(queueUrl(queue), 60);
      batch.forEach(
          m ->
              sqs.deleteMessage(r -> r.queueUrl(queueUrl(queue)).receiptHandle(m.receiptHandle())));
      for (Message m : batch) {
        if (missing.removeIf(m.body()::contains) || markers.isEmpty()) {
          all.add(m);
        }
      }
      if (markers.isEmpty() ? batch.isEmpty() : missing.isEmpty()) {
        break;
      }
    }
    return all;
  }

  private static String queueUrl(String queue) {
    return aws.provisioned().queueUrl(queue);
  }

  private static String queueArn(String queue) {
    return aws.provisioned().queueArn(queue);
  }
}
