package dev.iceflow.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** SQS event JSON as Lambda delivers it to a function, for invoking handlers in tests. */
public final class SqsEvents {

  private static final String REGION = "us-east-1";

  private SqsEvents() {}

  /** One record of an SQS event: a message with {@code body} from the queue {@code queueArn}. */
  public static ObjectNode message(String id, JsonNode body, String queueArn) {
    return EnvelopeCodec.mapper()
        .createObjectNode()
        .put("messageId", id)
        .put("receiptHandle", "rh-" + id)
        .put("body", body.toString())
        .put("eventSource", "aws:sqs")
        .put("eventSourceARN", queueArn)
        .put("awsRegion", REGION);
  }

  /**
   * One record of an SQS event for a message received from {@code queueArn}, as Lambda's event
   * source mapping hands it over: body, system attributes and message attributes.
   */
  public static ObjectNode received(Message m, String queueArn) {
    ObjectNode record =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("messageId", m.messageId())
            .put("receiptHandle", m.receiptHandle())
            .put("body", m.body())
            .put("md5OfBody", m.md5OfBody())
            .put("eventSource", "aws:sqs")
            .put("eventSourceARN", queueArn)
            .put("awsRegion", REGION);
    ObjectNode attributes = record.putObject("attributes");
    for (Map.Entry<MessageSystemAttributeName, String> a : m.attributes().entrySet()) {
      attributes.put(a.getKey().toString(), a.getValue());
    }
    ObjectNode messageAttributes = record.putObject("messageAttributes");
    for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
      ObjectNode attribute = messageAttributes.putObject(a.getKey());
      if (a.getValue().binaryValue() != null) {
        attribute.put("binaryValue", a.getValue().binaryValue().asByteArray()); // base64
      } else {
        attribute.put("stringValue", a.getValue().stringValue());
      }
      attribute.put("dataType", a.getValue().dataType());
    }
    return record;
  }

  /** The SQS event holding {@code messages}, in order. */
  public static ObjectNode event(ObjectNode... messages) {
    ObjectNode event = EnvelopeCodec.mapper().createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (ObjectNode m : messages) {
      records.add(m);
    }
    return event;
  }
}
