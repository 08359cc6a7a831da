package dev.iceflow.costguard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.Topology;
import java.util.List;

/**
 * Where the topology delivers a message of one type published to one topic: the queues whose
 * subscription lets it through, each with the batch size its consumer receives and deletes in.
 */
final class Deliveries {

  private static final String TYPE_ATTRIBUTE = "type";

  /** One queue a message reaches. */
  record Delivery(String queue, boolean fifo, int consumerBatchSize) {}

  private final Topology topology;

  Deliveries(Topology topology) {
    this.topology = topology;
  }

  List<Delivery> of(String topic, String type) {
    return topology.subscriptions().stream()
        .filter(s -> s.topic().equals(topic) && lets(s, type))
        .map(s -> delivery(s.queue()))
        .toList();
  }

  private Delivery delivery(String queue) {
    QueueSpec spec = topology.queue(queue).orElseThrow();
    int batchSize =
        topology.functions().stream()
            .filter(f -> f.consumes().queue().equals(queue))
            .map(FunctionSpec::consumes)
            .mapToInt(c -> c.batchSize())
            .findFirst()
            .orElse(1);
    return new Delivery(queue, spec.fifo(), batchSize);
  }

  /**
   * Whether the subscription's type filter (the only attribute the topology filters on) matches.
   */
  private static boolean lets(SubscriptionSpec subscription, String type) {
    if (!subscription.isFiltered()) {
      return true;
    }
    JsonNode types = subscription.filterPolicy().get(TYPE_ATTRIBUTE);
    if (types == null) {
      return true;
    }
    for (JsonNode allowed : types) {
      if (allowed.isTextual() && allowed.asText().equals(type)) {
        return true;
      }
    }
    return false;
  }
}
