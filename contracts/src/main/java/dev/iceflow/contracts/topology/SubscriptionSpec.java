package dev.iceflow.contracts.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A topic-to-queue subscription. The filter policy is kept as JSON: it is handed to SNS (and
 * Terraform) as it is written. {@code deadLetter} receives what SNS fails to deliver to the queue.
 */
public record SubscriptionSpec(
    String topic,
    String queue,
    boolean rawMessageDelivery,
    String filterPolicyScope,
    JsonNode filterPolicy,
    DeliveryDeadLetterSpec deadLetter) {

  public Optional<DeliveryDeadLetterSpec> deliveryDeadLetterQueue() {
    return Optional.ofNullable(deadLetter);
  }
}
