package dev.iceflow.local.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.local.lambda.SqsEventRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;

/** The SQS event Lambda hands a function for a batch of received messages (the same JSON shape). */
final class SqsEventBuilder {

  private SqsEventBuilder() {}

  static byte[] event(List<Message> messages, String queueArn) {
    ObjectNode event = EnvelopeCodec.mapper().createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (Message m : messages) {
      records.add(SqsEventRecords.received(m, queueArn));
    }
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }
}
