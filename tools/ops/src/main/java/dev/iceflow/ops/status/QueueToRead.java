package dev.iceflow.ops.status;

import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.TopicSpec;
import dev.iceflow.contracts.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A queue of the topology to read, by logical name: the queues, each followed by its dead-letter
 * queue, then the subscriptions' delivery dead-letter queues (of their topic's kind, FIFO or not).
 */
record QueueToRead(String queue, boolean fifo, QueueKind kind, String deadLetterOf) {

  /** AWS requires FIFO queue names to end in .fifo (Terraform and the local provisioner add it). */
  static final String FIFO_SUFFIX = ".fifo";

  /** The deployed name: {@code <prefix>-<queue>}, plus .fifo for a FIFO queue. */
  String name(String prefix) {
    return prefix + "-" + queue + (fifo ? FIFO_SUFFIX : "");
  }

  static List<QueueToRead> of(Topology topology) {
    Map<String, QueueToRead> byName = new LinkedHashMap<>();
    for (QueueSpec queue : topology.queues()) {
      byName.putIfAbsent(
          queue.name(), new QueueToRead(queue.name(), queue.fifo(), QueueKind.QUEUE, null));
      queue
          .deadLetterQueue()
          .ifPresent(
              dlq ->
                  byName.putIfAbsent(
                      dlq.name(),
                      new QueueToRead(
                          dlq.name(),
                          queue.fifo(),
                          QueueKind.DEAD_LETTER,
                          "dead letters of queue " + queue.name())));
    }
    for (SubscriptionSpec subscription : topology.subscriptions()) {
      boolean fifo = topology.topic(subscription.topic()).map(TopicSpec::fifo).orElse(false);
      subscription
          .deliveryDeadLetterQueue()
          .ifPresent(
              dlq ->
                  byName.putIfAbsent(
                      dlq.name(),
                      new QueueToRead(
                          dlq.name(),
                          fifo,
                          QueueKind.DELIVERY_DEAD_LETTER,
                          "undelivered from topic %s to queue %s"
                              .formatted(subscription.topic(), subscription.queue()))));
    }
    return new ArrayList<>(byName.values());
  }
}
