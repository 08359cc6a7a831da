package dev.iceflow.contracts.topology;

/** The SQS event source mapping of a function. */
public record EventSourceSpec(
    String queue,
    int batchSize,
    int maximumBatchingWindowSeconds,
    int maximumConcurrency,
    boolean reportBatchItemFailures) {}
