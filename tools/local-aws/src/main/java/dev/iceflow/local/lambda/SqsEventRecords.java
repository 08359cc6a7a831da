package dev.iceflow.local.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The record Lambda's SQS event source mapping hands a function for one received message, in the
 * same JSON shape: used by the local platform and by tests that invoke handlers with what a real
 * queue delivered.
 */
public final class SqsEventRecords {

  private static final String REGION = "us-east-1";

  private SqsEventRecords() {}

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
}
