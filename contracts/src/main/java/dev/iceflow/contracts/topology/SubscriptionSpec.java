package dev.iceflow.contracts.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A topic-to-queue subscription. The filter policy is kept as JSON: it is handed to SNS (and
 * Terraform) as it is written; a subscription without one takes every message of its topic. {@code
 * deadLetter} receives what SNS fails to deliver to the queue.
 */
public record SubscriptionSpec(
    String topic,
    String queue,
    boolean rawMessageDelivery,
    String filterPolicyScope,
    JsonNode filterPolicy,
    DeliveryDeadLetterSpec deadLetter) {

  public SubscriptionSpec {
    if ((filterPolicy == null) != (filterPolicyScope == null)) {
      throw new IllegalArgumentException(
          "subscription %s -> %s: give filterPolicy and filterPolicyScope together, or neither"
              .formatted(topic, queue));
    }
  }

  /** False when the subscription takes every message of its topic. */
  public boolean isFiltered() {
    return filterPolicy != null;
  }

  public Optional<DeliveryDeadLetterSpec> deliveryDeadLetterQueue() {
    return Optional.ofNullable(deadLetter);
  }
}
