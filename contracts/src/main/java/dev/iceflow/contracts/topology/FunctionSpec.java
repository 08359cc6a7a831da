package dev.iceflow.contracts.topology;

import java.util.List;
import java.util.Map;

/**
 * A Lambda function: its module, sizing, the queue it consumes and what it may touch: the topics it
 * publishes to, the queues it sends to itself, the buckets it writes and reads, the ledgers it
 * writes.
 *
 * @param controlsFunctions functions whose event source mappings this one may disable and enable
 *     (cost-guard's pause and resume); none when absent
 * @param writePrefixes for a bucket it writes only under one key prefix, that prefix (its IAM
 *     policy grants PutObject there only); a bucket not named here is written anywhere
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
    Map<String, String> writePrefixes,
    List<String> readsBuckets,
    List<String> writesLedgers,
    List<String> controlsFunctions,
    Boolean readsMetrics) {

  public FunctionSpec {
    sendsToQueues = sendsToQueues == null ? List.of() : List.copyOf(sendsToQueues);
    writePrefixes = writePrefixes == null ? Map.of() : Map.copyOf(writePrefixes);
    writesLedgers = writesLedgers == null ? List.of() : List.copyOf(writesLedgers);
    controlsFunctions = controlsFunctions == null ? List.of() : List.copyOf(controlsFunctions);
    readsMetrics = Boolean.TRUE.equals(readsMetrics);
  }

  /** The key prefix it writes {@code bucket} under; empty for the whole bucket. */
  public String writePrefix(String bucket) {
    return writePrefixes.getOrDefault(bucket, "");
  }

  /** Whether it reads CloudWatch metrics. */
  public boolean isMetricsReader() {
    return readsMetrics;
  }
}
