package dev.iceflow.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.emulator.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue of its own subscribed to the events topic for one message type, as a downstream team
 * would subscribe: the demo reads what the pipeline announces (table.compacted) without taking it
 * from a stage's queue.
 */
public final class EventTap implements AutoCloseable {

  private static final int LONG_POLL_SECONDS = 2;

  private final SqsClient sqs;
  private final SnsClient sns;
  private final String queueUrl;
  private final String subscriptionArn;

  private EventTap(SqsClient sqs, SnsClient sns, String queueUrl, String subscriptionArn) {
    this.sqs = sqs;
    this.sns = sns;
    this.queueUrl = queueUrl;
    this.subscriptionArn = subscriptionArn;
  }

  /** Subscribes a new queue named after {@code type} to the events topic, filtered on it. */
  public static EventTap open(LocalAws aws, String type) {
    SqsClient sqs = aws.clients().sqs();
    SnsClient sns = aws.clients().sns();
    String name = "iceflow-local-tap-" + type.replace('.', '-');
    String queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String subscriptionArn =
        sns.subscribe(
                r ->
                    r.topicArn(aws.provisioned().topicArn(Topics.EVENTS))
                        .protocol("sqs")
                        .endpoint(queueArn)
                        .attributes(
                            Map.of(
                                "RawMessageDelivery",
                                "true",
                                "FilterPolicy",
                                "{\"type\":[\"" + type + "\"]}"))
                        .returnSubscriptionArn(true))
            .subscriptionArn();
    return new EventTap(sqs, sns, queueUrl, subscriptionArn);
  }

  /** The data of the first announced message {@code match} accepts within {@code timeout}. */
  public Optional<JsonNode> await(Predicate<JsonNode> match, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (Message m :
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(LONG_POLL_SECONDS))
              .messages()) {
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        JsonNode data = read(m.body()).path("data");
        if (match.test(data)) {
          return Optional.of(data);
        }
      }
    }
    return Optional.empty();
  }

  private static JsonNode read(String body) {
    try {
      return EnvelopeCodec.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("an event on the tap is not JSON: " + body, e);
    }
  }

  @Override
  public void close() {
    try {
      sns.unsubscribe(r -> r.subscriptionArn(subscriptionArn));
      sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    } finally {
      sqs.close();
      sns.close();
    }
  }
}
