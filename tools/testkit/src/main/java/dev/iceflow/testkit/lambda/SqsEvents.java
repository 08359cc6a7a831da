package dev.iceflow.testkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.local.lambda.SqsEventRecords;
import software.amazon.awssdk.services.sqs.model.Message;

/** SQS event JSON as Lambda delivers it to a function, for invoking handlers in tests. */
public final class SqsEvents {

  private static final String REGION = "us-east-1";
  private static final String FIFO_SUFFIX = ".fifo";
  private static final String TEST_GROUP = "test-group";

  private SqsEvents() {}

  /**
   * One record of an SQS event: a message with {@code body} from the queue {@code queueArn}. A FIFO
   * queue's records carry their message group, as Lambda's do.
   */
  public static ObjectNode message(String id, JsonNode body, String queueArn) {
    ObjectNode message =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("messageId", id)
            .put("receiptHandle", "rh-" + id)
            .put("body", body.toString())
            .put("eventSource", "aws:sqs")
            .put("eventSourceARN", queueArn)
            .put("awsRegion", REGION);
    ObjectNode attributes = message.putObject("attributes").put("ApproximateReceiveCount", "1");
    if (queueArn.endsWith(FIFO_SUFFIX)) {
      attributes.put("MessageGroupId", TEST_GROUP).put("MessageDeduplicationId", id);
    }
    return message;
  }

  /**
   * One record of an SQS event for a message received from {@code queueArn}, as Lambda's event
   * source mapping hands it over (see {@link SqsEventRecords}).
   */
  public static ObjectNode received(Message m, String queueArn) {
    return SqsEventRecords.received(m, queueArn);
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
