package dev.iceflow.contracts.topology;

/** An SNS topic, by logical name (the deployment adds .fifo to a FIFO topic's name). */
public record TopicSpec(
    String name, boolean fifo, Boolean contentBasedDeduplication, String purpose) {

  public TopicSpec {
    NamingRules.requireLogicalName("topic", name);
  }
}
