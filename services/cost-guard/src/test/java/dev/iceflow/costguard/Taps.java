package dev.iceflow.costguard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.lambda.HandlerHarness;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A test's own queue subscribed to a topic without a filter: sees everything published there. */
final class Taps {

  private Taps() {}

  /** Creates the queue, subscribes it (raw delivery) and returns its URL. */
  static String subscribe(LocalAws aws, String topic, String queueName) {
    SqsClient sqs = aws.clients().sqs();
    String url = sqs.createQueue(c -> c.queueName(queueName)).queueUrl();
    String arn =
        sqs.getQueueAttributes(g -> g.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    try (SnsClient sns = aws.clients().sns()) {
      sns.subscribe(
          s ->
              s.topicArn(aws.provisioned().topicArn(topic))
                  .protocol("sqs")
                  .endpoint(arn)
                  .attributes(java.util.Map.of("RawMessageDelivery", "true")));
    }
    return url;
  }

  /** Everything in the queue now, as envelopes; the queue is left empty. */
  static List<JsonNode> drain(SqsClient sqs, String url) {
    List<JsonNode> envelopes = new ArrayList<>();
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      if (batch.isEmpty()) {
        return envelopes;
      }
      for (Message m : batch) {
        envelopes.add(HandlerHarness.json(m.body()));
        sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
    }
  }
}
