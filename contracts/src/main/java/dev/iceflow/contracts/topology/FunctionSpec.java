package dev.iceflow.contracts.topology;

import java.util.List;

/**
 * A Lambda function: its module, sizing, the queue it consumes and what it may touch: the topics it
 * publishes to, the queues it sends to itself, the buckets it writes and reads, the ledgers it
 * writes.
 *
 * @param controlsFunctions functions whose event source mappings this one may disable and enable
 *     (cost-guard's pause and resume); none when absent
 * @param readsMetrics whether it reads CloudWatch metrics (cost-guard's usage); false when absent
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
    List<String> writesLedgers,
    List<String> controlsFunctions,
    Boolean readsMetrics) {

  public FunctionSpec {
    sendsToQueues = sendsToQueues == null ? List.of() : List.copyOf(sendsToQueues);
    writesLedgers = writesLedgers == null ? List.of() : List.copyOf(writesLedgers);
    controlsFunctions = controlsFunctions == null ? List.of() : List.copyOf(controlsFunctions);
    readsMetrics = Boolean.TRUE.equals(readsMetrics);
  }

  /** Whether it reads CloudWatch metrics. */
  public boolean isMetricsReader() {
    return readsMetrics;
  }
}
