package dev.iceflow.local.cli;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.local.emulator.LocalAws;
import java.nio.file.Files;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Publishes the contract's own ingest.batch example through SNS and receives it from the queue the
 * topology routes it to: proof that the provisioned wiring works before anything else runs.
 */
final class RoutingSmokeCheck {

  private static final String EXAMPLE = "messages/ingest.batch/v1/examples/valid-inline.json";
  private static final String TOPIC = "ingest";
  private static final String QUEUE = "validation-ingest";
  private static final int WAIT_SECONDS = 5;
  private static final int MAX_RECEIVES = 3;
  private static final String S3_TEST_EVENT = "s3:TestEvent";

  private RoutingSmokeCheck() {}

  static String run(LocalAws aws) throws Exception {
    Contracts contracts = aws.contracts();
    EnvelopeCodec codec = new EnvelopeCodec(contracts.messages());
    Envelope example = codec.decode(Files.readString(contracts.source().resolve(EXAMPLE)));
    try (SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs()) {
      new EventPublisher(sns, codec, new TopicDirectory(aws.provisioned().topicArns()))
          .publish(TOPIC, example);
      String queueUrl = aws.provisioned().queueUrl(QUEUE);
      for (int attempt = 0; attempt < MAX_RECEIVES; attempt++) {
        List<Message> received =
            sqs.receiveMessage(
                    r ->
                        r.queueUrl(queueUrl)
                            .waitTimeSeconds(WAIT_SECONDS)
                            .maxNumberOfMessages(10)
                            .messageAttributeNames("All"))
                .messages();
        for (Message message : received) {
          if (message.body().contains(S3_TEST_EVENT)) {
            // S3 sends one test event when notifications are configured (in AWS too); the
            // validation stage acknowledges it. Here it is simply removed.
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            continue;
          }
          Envelope back = codec.decode(message.body());
          sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
          return "%s %s published to %s arrived on %s with attributes %s"
              .formatted(
                  back.type(),
                  back.id(),
                  TOPIC,
                  QUEUE,
                  new java.util.TreeSet<>(message.messageAttributes().keySet()));
        }
      }
      throw new IllegalStateException(
          "the example published to %s never reached %s".formatted(TOPIC, QUEUE));
    }
  }
}
