package dev.iceflow.contracts.topology;

import java.util.List;

/** A Lambda function: its module, sizing, the queue it consumes and what it may touch. */
public record FunctionSpec(
    String name,
    String module,
    int memoryMb,
    int timeoutSeconds,
    Integer reservedConcurrency,
    EventSourceSpec consumes,
    List<String> publishesTo,
    List<String> writesBuckets,
    List<String> readsBuckets,
    List<String> writesLedgers) {}
