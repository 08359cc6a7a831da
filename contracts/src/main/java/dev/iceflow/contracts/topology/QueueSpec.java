package dev.iceflow.contracts.topology;

import java.util.Optional;

/** An SQS queue with its dead-letter queue (absent only for parking queues). */
public record QueueSpec(
    String name,
    boolean fifo,
    Boolean contentBasedDeduplication,
    int visibilityTimeoutSeconds,
    int messageRetentionSeconds,
    int receiveWaitTimeSeconds,
    DeadLetterSpec deadLetter,
    String purpose) {

  public QueueSpec {
    NamingRules.requireLogicalName("queue", name);
    if (deadLetter != null) {
      NamingRules.requireLogicalName("dead-letter queue", deadLetter.name());
    }
  }

  public Optional<DeadLetterSpec> deadLetterQueue() {
    return Optional.ofNullable(deadLetter);
  }
}
