package dev.iceflow.common.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.common.envelope.EnvelopeCodec;

/**
 * The payload of an SQS message as the producer sent it. With raw message delivery the body is the
 * message itself; without it, SNS wraps the message in a notification whose {@code Message} field
 * holds it. Both arrive here, so subscriptions can be switched without code changes.
 */
public final class SqsBody {

  private static final ObjectMapper MAPPER = EnvelopeCodec.mapper();
  private static final String SNS_NOTIFICATION = "Notification";

  private SqsBody() {}

  public static String unwrap(String body) {
    if (body == null || body.isBlank() || body.charAt(0) != '{') {
      return body;
    }
    try {
      JsonNode tree = MAPPER.readTree(body);
      if (SNS_NOTIFICATION.equals(tree.path("Type").asText())
          && tree.path("Message").isTextual()
          && tree.has("TopicArn")) {
        return tree.get("Message").asText();
      }
      return body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      return body; // the decoder reports it with the message id; nothing is dropped here
    }
  }
}
