package dev.iceflow.contracts.topology;

/**
 * Where SNS puts a message it could not deliver to a subscription's queue (the subscription's
 * RedrivePolicy): a queue of the topic's kind, in the same account and region. Filtered-out
 * messages are not delivery failures and never come here. <a
 * href="https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html">Amazon SNS
 * dead-letter queues</a>
 */
public record DeliveryDeadLetterSpec(String name, int messageRetentionSeconds) {

  public DeliveryDeadLetterSpec {
    NamingRules.requireLogicalName("delivery dead-letter queue", name);
  }
}
