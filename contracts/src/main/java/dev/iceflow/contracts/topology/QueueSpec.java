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
    NamingRules.requireFifoSuffix("queue", name, fifo);
    if (deadLetter != null) {
      NamingRules.requireFifoSuffix("dead-letter queue", deadLetter.name(), fifo);
    }
  }

  public Optional<DeadLetterSpec> deadLetterQueue() {
    return Optional.ofNullable(deadLetter);
  }
}
