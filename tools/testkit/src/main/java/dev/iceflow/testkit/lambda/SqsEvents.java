package dev.iceflow.testkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;

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
