package dev.iceflow.common.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.iceflow.common.envelope.EnvelopeCodec;

/**
 * The payload of an SQS message as the producer sent it. With raw message delivery the body is the
 * message itself; without it, SNS wraps the message in a notification whose {@code Message} field
 * holds it. Both arrive here, so subscriptions can be switched without code changes.
 */
public final class SqsBody {

  private static final ObjectReader NOTIFICATIONS =
      EnvelopeCodec.mapper().readerFor(SnsNotification.class);
  private static final String SNS_NOTIFICATION = "Notification";

  private SqsBody() {}

  public static String unwrap(String body) {
    if (body == null || body.isBlank() || body.charAt(0) != '{') {
      return body;
    }
    try {
      SnsNotification notification = NOTIFICATIONS.readValue(body);
      if (SNS_NOTIFICATION.equals(notification.type())
          && notification.message() != null
          && notification.topicArn() != null) {
        return notification.message();
      }
      return body;
    } catch (JsonProcessingException notJsonOrNotWrapped) {
      return body; // the decoder reports it with the message id; nothing is dropped here
    }
  }

  /**
   * The fields of an SNS notification that tell it apart and carry the message (<a
   * href="https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html">SNS message
   * formats</a>).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SnsNotification(
      @JsonProperty("Type") String type,
      @JsonProperty("Message") String message,
      @JsonProperty("TopicArn") String topicArn) {}
}
