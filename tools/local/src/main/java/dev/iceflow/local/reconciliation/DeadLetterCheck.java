package dev.iceflow.local.reconciliation;

import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.local.emulator.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every dead-letter queue of the topology and what it holds: a queue's redrive DLQ (messages its
 * consumer failed maxReceiveCount times) and a subscription's delivery DLQ (what SNS could not
 * deliver to the queue). In a healthy run all are empty.
 */
public final class DeadLetterCheck {

  /** One DLQ: its logical name, what parks there, and how many messages it holds. */
  public record Depth(String queue, String holds, int messages) {}

  /** Visible and in flight: a message someone is looking at is still parked. */
  private static final List<QueueAttributeName> COUNTED =
      List.of(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);

  private DeadLetterCheck() {}

  /** The depth of every DLQ of the topology, redrive DLQs first. */
  public static List<Depth> depths(LocalAws aws, SqsClient sqs) {
    List<Depth> depths = new ArrayList<>();
    Topology topology = aws.contracts().topology();
    topology
        .queues()
        .forEach(
            queue ->
                queue
                    .deadLetterQueue()
                    .ifPresent(
                        dlq ->
                            depths.add(
                                depth(
                                    aws,
                                    sqs,
                                    dlq.name(),
                                    "messages %s's consumer failed %d times"
                                        .formatted(queue.name(), dlq.maxReceiveCount())))));
    topology
        .subscriptions()
        .forEach(
            subscription ->
                subscription
                    .deliveryDeadLetterQueue()
                    .ifPresent(
                        dlq ->
                            depths.add(
                                depth(
                                    aws,
                                    sqs,
                                    dlq.name(),
                                    "what SNS could not deliver from %s to %s"
                                        .formatted(subscription.topic(), subscription.queue())))));
    return depths;
  }

  private static Depth depth(LocalAws aws, SqsClient sqs, String dlq, String holds) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r -> r.queueUrl(aws.provisioned().queueUrl(dlq)).attributeNames(COUNTED))
            .attributes();
    int messages = COUNTED.stream().mapToInt(a -> Integer.parseInt(attributes.get(a))).sum();
    return new Depth(dlq, holds, messages);
  }
}
