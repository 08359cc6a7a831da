package dev.iceflow.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue of its own subscribed to the events topic, for one message type or for all, as a
 * downstream team would subscribe: the demo and tests read what the pipeline announces
 * (table.compacted, cost.alert, pipeline.control) without taking it from a stage's queue.
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
    return open(
        aws,
        "iceflow-local-tap-" + type.replace('.', '-'),
        Map.of("FilterPolicy", "{\"type\":[\"" + type + "\"]}"));
  }

  /** Subscribes a new queue called {@code queueName} to the events topic, unfiltered. */
  public static EventTap everything(LocalAws aws, String queueName) {
    return open(aws, queueName, Map.of());
  }

  private static EventTap open(LocalAws aws, String name, Map<String, String> filter) {
    SqsClient sqs = aws.clients().sqs();
    SnsClient sns = aws.clients().sns();
    String queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    Map<String, String> attributes = new java.util.HashMap<>(filter);
    attributes.put("RawMessageDelivery", "true");
    String subscriptionArn =
        sns.subscribe(
                r ->
                    r.topicArn(aws.provisioned().topicArn(Topics.EVENTS))
                        .protocol("sqs")
                        .endpoint(queueArn)
                        .attributes(attributes)
                        .returnSubscriptionArn(true))
            .subscriptionArn();
    return new EventTap(sqs, sns, queueUrl, subscriptionArn);
  }

  /** Every envelope on the tap now (a short long poll finds none more), taken off it. */
  public List<JsonNode> drain() {
    List<JsonNode> envelopes = new ArrayList<>();
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(LONG_POLL_SECONDS))
              .messages();
      if (batch.isEmpty()) {
        return envelopes;
      }
      for (Message m : batch) {
        envelopes.add(read(m.body()));
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
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
