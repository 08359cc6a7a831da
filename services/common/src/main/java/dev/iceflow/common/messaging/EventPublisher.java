package dev.iceflow.common.messaging;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes envelopes to SNS topics with the routing attributes set. On a FIFO topic the envelope
 * id is the deduplication id, so a retried publish of the same message is dropped by SNS.
 */
public final class EventPublisher {

  private final SnsClient sns;
  private final EnvelopeCodec codec;
  private final TopicDirectory topics;

  public EventPublisher(SnsClient sns, EnvelopeCodec codec, TopicDirectory topics) {
    this.sns = sns;
    this.codec = codec;
    this.topics = topics;
  }

  /** Publishes to a standard topic; returns SNS's message id. */
  public String publish(String topic, Envelope envelope) {
    return publish(topic, envelope, Optional.empty());
  }

  /** Publishes to a FIFO topic in the given message group (e.g. one group per table). */
  public String publishInGroup(String topic, Envelope envelope, String messageGroupId) {
    return publish(topic, envelope, Optional.of(messageGroupId));
  }

  private String publish(String topic, Envelope envelope, Optional<String> groupId) {
    String arn = topics.arn(topic);
    boolean fifo = TopicDirectory.isFifo(arn);
    if (fifo != groupId.isPresent()) {
      throw new IllegalArgumentException(
          fifo
              ? "topic %s is FIFO: publish with a message group".formatted(topic)
              : "topic %s is not FIFO: it takes no message group".formatted(topic));
    }
    PublishRequest.Builder request =
        PublishRequest.builder()
            .topicArn(arn)
            .message(codec.encode(envelope))
            .messageAttributes(attributes(envelope));
    groupId.ifPresent(g -> request.messageGroupId(g).messageDeduplicationId(envelope.id()));
    return sns.publish(request.build()).messageId();
  }

  static Map<String, MessageAttributeValue> attributes(Envelope envelope) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    put(attributes, MessageAttributeNames.TYPE, envelope.type());
    put(attributes, MessageAttributeNames.VERSION, envelope.version());
    put(attributes, MessageAttributeNames.DATASET, envelope.dataset());
    put(attributes, MessageAttributeNames.CORRELATION_ID, envelope.correlationId());
    put(attributes, MessageAttributeNames.TRACEPARENT, envelope.traceparent());
    return attributes;
  }

  private static void put(
      Map<String, MessageAttributeValue> attributes, String name, String value) {
    if (value != null) {
      attributes.put(
          name,
          MessageAttributeValue.builder()
              .dataType(MessageAttributeNames.STRING)
              .stringValue(value)
              .build());
    }
  }
}
