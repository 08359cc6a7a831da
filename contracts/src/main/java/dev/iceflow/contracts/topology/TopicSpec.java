package dev.iceflow.contracts.topology;

/** An SNS topic. FIFO topic names end in {@code .fifo}, as AWS requires. */
public record TopicSpec(
    String name, boolean fifo, Boolean contentBasedDeduplication, String purpose) {

  public TopicSpec {
    NamingRules.requireFifoSuffix("topic", name, fifo);
  }
}
