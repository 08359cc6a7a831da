package dev.iceflow.contracts.topology;

import java.util.List;

/**
 * A Lambda function: its module, sizing, the queue it consumes and what it may touch: the topics it
 * publishes to, the queues it sends to itself, the buckets it writes and reads.
 */
public record FunctionSpec(
    String name,
    String module,
    int memoryMb,
    int timeoutSeconds,
    Integer reservedConcurrency,
    EventSourceSpec consumes,
    List<String> publishesTo,
    List<String> sendsToQueues,
    List<String> writesBuckets,
    List<String> readsBuckets,
    List<String> writesLedgers) {

  public FunctionSpec {
    sendsToQueues = sendsToQueues == null ? List.of() : List.copyOf(sendsToQueues);
    writesLedgers = writesLedgers == null ? List.of() : List.copyOf(writesLedgers);
  }
}
