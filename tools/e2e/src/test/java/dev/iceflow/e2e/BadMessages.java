package dev.iceflow.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.common.messaging.UnroutedAttributes;
import dev.iceflow.local.emulator.LocalAws;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Messages no table can take, published as a misbehaving upstream would: each must end parked (in
 * {@code ingest-unrouted} or validation's dead-letter queue) with its reason, found by a marker in
 * its body, never dropped and never holding up the good batches.
 */
final class BadMessages {

  /** The kinds a fault run publishes. */
  enum Kind {
    /** A batch of a contract version this deployment cannot read. */
    POISON,
    /** Not JSON at all. */
    MALFORMED,
    /** An ingest.batch envelope at a version no schema here has. */
    UNKNOWN_VERSION
  }

  private static final List<String> PARKING = List.of("ingest-unrouted", "validation-ingest-dlq");
  private static final List<String> REASONS =
      List.of(UnroutedAttributes.REASON, DeadLetterParking.REASON_ATTRIBUTE);

  private final LocalAws aws;
  private final String topicArn;
  private final Map<String, Kind> published = new HashMap<>();
  private final Map<String, Parked> found = new HashMap<>();

  BadMessages(LocalAws aws) {
    this.aws = aws;
    this.topicArn = aws.provisioned().topicArns().get("ingest");
  }

  /** Publishes one message of {@code kind}, made from {@code batch}, marked {@code marker}. */
  void publish(SnsClient sns, Kind kind, PublishedBatch batch, String marker) {
    String body =
        switch (kind) {
          case POISON -> encode(withData(batch.envelope(), marker, "contractVersion", "9.9"));
          case MALFORMED -> "{\"marker\": \"" + marker + "\", this is not JSON";
          case UNKNOWN_VERSION -> encode(atVersion(batch.envelope(), marker, "9.0"));
        };
    sns.publish(r -> r.topicArn(topicArn).message(body));
    published.put(marker, kind);
  }

  int count() {
    return published.size();
  }

  int count(Kind kind) {
    return (int) published.values().stream().filter(kind::equals).count();
  }

  /** The published messages found parked so far (looks again at the parking queues). */
  Map<String, Parked> parked() {
    if (found.size() < published.size()) {
      SqsClient sqs = aws.clients().sqs();
      for (String queue : PARKING) {
        String url = aws.provisioned().queueUrl(queue);
        for (Message m :
            sqs.receiveMessage(
                    r ->
                        r.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(0)
                            .messageAttributeNames("All"))
                .messages()) {
          published.keySet().stream()
              .filter(m.body()::contains)
              .findFirst()
              .ifPresent(marker -> found.put(marker, new Parked(queue, reason(m).orElse(null))));
        }
      }
    }
    return Map.copyOf(found);
  }

  boolean allParked() {
    return parked().size() == published.size();
  }

  private static Optional<String> reason(Message m) {
    return REASONS.stream()
        .map(m.messageAttributes()::get)
        .filter(v -> v != null)
        .map(MessageAttributeValue::stringValue)
        .findFirst();
  }

  private static String encode(Envelope envelope) {
    try {
      return EnvelopeCodec.mapper().writeValueAsString(envelope);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Envelope withData(Envelope e, String marker, String field, String value) {
    ObjectNode data = e.data().deepCopy();
    data.put(field, value).put("batchId", marker);
    return rebuilt(e, marker, e.version(), data);
  }

  private static Envelope atVersion(Envelope e, String marker, String version) {
    ObjectNode data = e.data().deepCopy();
    data.put("batchId", marker);
    return rebuilt(e, marker, version, data);
  }

  private static Envelope rebuilt(Envelope e, String marker, String version, ObjectNode data) {
    return new Envelope(
        "bad." + marker,
        e.type(),
        version,
        e.source(),
        Instant.now(),
        e.dataset(),
        marker,
        e.traceparent(),
        null,
        null,
        data);
  }

  /** Where a bad message was parked, and the reason it carries there. */
  record Parked(String queue, String reason) {}
}
