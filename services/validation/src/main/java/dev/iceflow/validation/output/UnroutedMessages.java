package dev.iceflow.validation.output;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.messaging.UnroutedAttributes;
import dev.iceflow.contracts.topology.Queues;
import dev.iceflow.validation.input.UnroutableMessageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Parks a message validation cannot route in the ingest-unrouted queue: its body unchanged, its
 * message attributes (raw delivery turns the publisher's SNS attributes into these), and string
 * attributes that say why and where from. On-call reads them with {@code aws sqs receive-message
 * --message-attribute-names All}.
 */
@ApplicationScoped
public class UnroutedMessages {

  /** Why the message was parked: an {@link UnroutableMessageException.Reason} wire name. */
  public static final String REASON = UnroutedAttributes.REASON;

  /** The reason in words, e.g. which datasets this deployment knows. */
  public static final String DETAIL = UnroutedAttributes.DETAIL;

  /** The ARN of the queue the message was received from. */
  public static final String SOURCE = UnroutedAttributes.SOURCE;

  /**
   * SQS takes at most 10 message attributes per message: <a
   * href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html">
   * message attributes</a>.
   */
  static final int MAX_ATTRIBUTES = 10;

  static final int MAX_DETAIL_CHARS = 1024;

  private static final Logger LOG = Logger.getLogger(UnroutedMessages.class);
  private static final String STRING = "String";
  private static final String BINARY = "Binary";
  private static final String UNKNOWN_SOURCE = "unknown";

  private final SqsClient sqs;
  private final String queueUrl;

  @Inject
  public UnroutedMessages(SqsClient sqs, IceflowConfig config) {
    this(sqs, queueUrl(config));
  }

  public UnroutedMessages(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /**
   * Sends the message to ingest-unrouted; throws {@link UnroutedParkingException} when SQS does not
   * take it, so the message fails and returns to its queue instead of being lost.
   */
  public void park(SQSMessage message, UnroutableMessageException unroutable) {
    Map<String, MessageAttributeValue> attributes = attributes(message, unroutable);
    try {
      sqs.sendMessage(
          r -> r.queueUrl(queueUrl).messageBody(message.getBody()).messageAttributes(attributes));
    } catch (SdkException e) {
      throw new UnroutedParkingException(
          "Cannot park message %s (%s) in %s: %s"
              .formatted(
                  message.getMessageId(), unroutable.reason().wireName(), queueUrl, e.getMessage()),
          e);
    }
    LOG.warnf(
        "message %s parked in %s, %s: %s",
        message.getMessageId(), queueUrl, unroutable.reason().wireName(), unroutable.getMessage());
  }

  /** Ours first, then the message's own in name order, as many as SQS takes. */
  static Map<String, MessageAttributeValue> attributes(
      SQSMessage message, UnroutableMessageException unroutable) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(REASON, text(unroutable.reason().wireName()));
    attributes.put(DETAIL, text(truncate(String.valueOf(unroutable.getMessage()))));
    attributes.put(
        SOURCE,
        text(message.getEventSourceArn() == null ? UNKNOWN_SOURCE : message.getEventSourceArn()));
    Map<String, MessageAttribute> original =
        new TreeMap<>(
            message.getMessageAttributes() == null ? Map.of() : message.getMessageAttributes());
    List<String> dropped = new ArrayList<>();
    original.forEach(
        (name, value) -> {
          if (attributes.containsKey(name) || attributes.size() >= MAX_ATTRIBUTES) {
            dropped.add(name);
          } else {
            attributes.put(name, copy(value));
          }
        });
    if (!dropped.isEmpty()) {
      LOG.warnf(
          "message %s is parked without its attributes %s (SQS takes %d per message, ours first)",
          message.getMessageId(), dropped, MAX_ATTRIBUTES);
    }
    return attributes;
  }

  private static MessageAttributeValue copy(MessageAttribute attribute) {
    MessageAttributeValue.Builder copy =
        MessageAttributeValue.builder().dataType(attribute.getDataType());
    if (attribute.getDataType() != null && attribute.getDataType().startsWith(BINARY)) {
      copy.binaryValue(SdkBytes.fromByteBuffer(attribute.getBinaryValue()));
    } else {
      copy.stringValue(attribute.getStringValue());
    }
    return copy.build();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType(STRING).stringValue(value).build();
  }

  private static String truncate(String text) {
    return text.length() <= MAX_DETAIL_CHARS
        ? text
        : text.substring(0, MAX_DETAIL_CHARS - 3) + "...";
  }

  private static String queueUrl(IceflowConfig config) {
    String url = config.queues().get(Queues.INGEST_UNROUTED);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "no queue configured for '%s' (set iceflow.queues.%s; ICEFLOW_QUEUES_INGEST_UNROUTED in Lambda)"
              .formatted(Queues.INGEST_UNROUTED, Queues.INGEST_UNROUTED));
    }
    return url;
  }
}
