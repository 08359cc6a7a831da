package dev.iceflow.ops.dlq;

import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.ops.status.QueueKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dead-letter queue of the topology and the queue its messages belong back in: a queue's redrive
 * DLQ (its source is that queue), a subscription's delivery DLQ (its source is the subscribed
 * queue, where SNS failed to deliver) or a parking queue a function sends what it cannot route to
 * (ingest-unrouted; its source is the queue that function consumes). All have the source's kind,
 * FIFO or standard.
 */
public record DeadLetterQueue(String name, QueueKind kind, String source, boolean fifo) {

  /** AWS requires FIFO queue names to end in .fifo (Terraform and the local provisioner add it). */
  static final String FIFO_SUFFIX = ".fifo";

  /** Every dead-letter queue: the redrive DLQs in queue order, then the delivery DLQs. */
  public static List<DeadLetterQueue> of(Topology topology) {
    Map<String, DeadLetterQueue> byName = new LinkedHashMap<>();
    for (QueueSpec queue : topology.queues()) {
      queue
          .deadLetterQueue()
          .ifPresent(
              dlq ->
                  byName.putIfAbsent(
                      dlq.name(),
                      new DeadLetterQueue(
                          dlq.name(), QueueKind.DEAD_LETTER, queue.name(), queue.fifo())));
    }
    for (SubscriptionSpec subscription : topology.subscriptions()) {
      boolean fifo = topology.queue(subscription.queue()).map(QueueSpec::fifo).orElse(false);
      subscription
          .deliveryDeadLetterQueue()
          .ifPresent(
              dlq ->
                  byName.putIfAbsent(
                      dlq.name(),
                      new DeadLetterQueue(
                          dlq.name(), QueueKind.DELIVERY_DEAD_LETTER, subscription.queue(), fifo)));
    }
    for (FunctionSpec function : topology.functions()) {
      for (String parking : function.sendsToQueues()) {
        boolean fifo = topology.queue(parking).map(QueueSpec::fifo).orElse(false);
        byName.putIfAbsent(
            parking,
            new DeadLetterQueue(parking, QueueKind.PARKING, function.consumes().queue(), fifo));
      }
    }
    return List.copyOf(byName.values());
  }

  /** The dead-letter queue of the topology named {@code logical}. */
  public static Optional<DeadLetterQueue> named(Topology topology, String logical) {
    return of(topology).stream().filter(q -> q.name().equals(logical)).findFirst();
  }

  /** The deployed name: {@code <prefix>-<name>}, plus .fifo for a FIFO queue. */
  public String deployedName(String prefix) {
    return deployed(prefix, name);
  }

  /** The deployed name of the source queue. */
  public String deployedSource(String prefix) {
    return deployed(prefix, source);
  }

  /** What it holds, in words. */
  public String holds() {
    return switch (kind) {
      case DEAD_LETTER ->
          "messages queue %s's consumer failed maxReceiveCount times".formatted(source);
      case DELIVERY_DEAD_LETTER -> "what SNS could not deliver to queue %s".formatted(source);
      case PARKING -> "what queue %s's consumer could not route, with the reason".formatted(source);
      case QUEUE -> throw new IllegalStateException(name + " is no dead-letter queue");
    };
  }

  private String deployed(String prefix, String logical) {
    return prefix + "-" + logical + (fifo ? FIFO_SUFFIX : "");
  }
}
