package dev.iceflow.contracts.topology;

import java.util.List;
import java.util.Optional;

/**
 * The SNS/SQS/S3/DynamoDB topology every part of the system reads from {@code
 * contracts/topology.json}.
 */
public record Topology(
    String description,
    int version,
    KmsKeySpec kmsKey,
    List<BucketSpec> buckets,
    List<LedgerSpec> ledgers,
    List<TopicSpec> topics,
    List<QueueSpec> queues,
    List<SubscriptionSpec> subscriptions,
    List<FunctionSpec> functions,
    List<ScheduleSpec> schedules) {

  public Optional<QueueSpec> queue(String name) {
    return queues.stream().filter(q -> q.name().equals(name)).findFirst();
  }

  public Optional<TopicSpec> topic(String name) {
    return topics.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<BucketSpec> bucket(String name) {
    return buckets.stream().filter(b -> b.name().equals(name)).findFirst();
  }

  public Optional<LedgerSpec> ledger(String name) {
    return ledgers.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  public Optional<FunctionSpec> function(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
