package dev.iceflow.local.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The SQS event Lambda hands a function for a batch of received messages (the same JSON shape). */
final class SqsEventBuilder {

  private static final String REGION = "us-east-1";

  private SqsEventBuilder() {}

  static byte[] event(List<Message> messages, String queueArn) {
    ObjectNode event = EnvelopeCodec.mapper().createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (Message m : messages) {
      ObjectNode record =
          records
              .addObject()
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
        messageAttributes
            .putObject(a.getKey())
            .put("stringValue", a.getValue().stringValue())
            .put("dataType", a.getValue().dataType());
      }
    }
    return event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
