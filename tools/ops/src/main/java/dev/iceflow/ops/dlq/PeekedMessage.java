package dev.iceflow.ops.dlq;

import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.common.messaging.MessageAttributeNames;
import dev.iceflow.common.messaging.UnroutedAttributes;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A dead letter as {@code ops dlq list} shows it: SQS's id, sent time and receive count (which
 * includes this look), the reason when a stage parked it (DeadLetterParking's attributes, or
 * validation's unrouted ones; null when it got there by running out of receives or SNS deliveries),
 * and what it is about.
 */
record PeekedMessage(
    String messageId,
    Instant sentAt,
    int receiveCount,
    String parkedReason,
    String parkedFrom,
    String type,
    String dataset,
    String batchId,
    String bodyExcerpt) {

  /** Enough of a body to recognise it; the whole body is a receive away. */
  static final int EXCERPT_CHARS = 200;

  static PeekedMessage of(Message message) {
    Map<MessageSystemAttributeName, String> system = message.attributes();
    Map<String, MessageAttributeValue> attributes = message.messageAttributes();
    EnvelopeHeader header = EnvelopeHeader.read(message.body());
    String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
    String received = system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    return new PeekedMessage(
        message.messageId(),
        sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
        received == null ? 0 : Integer.parseInt(received),
        orElse(text(attributes, DeadLetterParking.REASON_ATTRIBUTE), unroutedReason(attributes)),
        orElse(
            text(attributes, DeadLetterParking.SOURCE_ATTRIBUTE),
            text(attributes, UnroutedAttributes.SOURCE)),
        orElse(text(attributes, MessageAttributeNames.TYPE), header.type()),
        orElse(text(attributes, MessageAttributeNames.DATASET), header.dataset()),
        header.batchId(),
        excerpt(message.body()));
  }

  /** Why validation could not route it: the reason's wire name, then its detail in words. */
  private static String unroutedReason(Map<String, MessageAttributeValue> attributes) {
    String reason = text(attributes, UnroutedAttributes.REASON);
    String detail = text(attributes, UnroutedAttributes.DETAIL);
    return reason == null || detail == null ? reason : reason + ": " + detail;
  }

  private static String text(Map<String, MessageAttributeValue> attributes, String name) {
    MessageAttributeValue value = attributes.get(name);
    return value == null ? null : value.stringValue();
  }

  private static String orElse(String first, String second) {
    return first != null ? first : second;
  }

  private static String excerpt(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "…";
  }
}
