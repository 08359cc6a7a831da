package dev.iceflow.contracts.topology;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The SNS/SQS/S3/DynamoDB topology every part of the system reads from {@code
 * contracts/topology.json}, with the metrics and alarms on-call watches.
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
    List<ScheduleSpec> schedules,
    ObservabilitySpec observability) {

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

  public Optional<ScheduleSpec> schedule(String name) {
    return schedules.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<FunctionSpec> function(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The longest a staged data file can wait in the warehouse before a commit references it: the
   * invocation that writes it (the longest timeout of a function publishing to the commits topic),
   * then its datafiles.staged message in the subscription's delivery DLQ, the commit queue and the
   * commit queue's DLQ, each for its full retention (FIFO queues restart the retention clock on the
   * move to their DLQ, and on-call redrives each back in turn). Orphan-file removal must wait
   * longer than this, or it deletes a batch that is still on its way to the table.
   */
  public Duration longestWaitBeforeCommit() {
    long writing =
        functions.stream()
            .filter(f -> f.publishesTo().contains(Topics.COMMITS))
            .mapToLong(FunctionSpec::timeoutSeconds)
            .max()
            .orElse(0);
    long queued =
        subscriptions.stream()
            .filter(s -> s.topic().equals(Topics.COMMITS))
            .mapToLong(this::longestStay)
            .max()
            .orElseThrow(
                () -> new IllegalStateException("no queue subscribes to " + Topics.COMMITS));
    return Duration.ofSeconds(writing + queued);
  }

  /** Seconds a message can spend between a subscription's delivery and its queue's DLQ expiry. */
  private long longestStay(SubscriptionSpec subscription) {
    QueueSpec queue =
        queue(subscription.queue())
            .orElseThrow(
                () ->
                    new IllegalStateException("no queue " + subscription.queue() + " in topology"));
    return subscription
            .deliveryDeadLetterQueue()
            .map(d -> (long) d.messageRetentionSeconds())
            .orElse(0L)
        + queue.messageRetentionSeconds()
        + queue.deadLetterQueue().map(d -> (long) d.messageRetentionSeconds()).orElse(0L);
  }
}
