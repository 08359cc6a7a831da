package dev.iceflow.contracts.topology;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A topic-to-queue subscription. The filter policy is kept as JSON: it is handed to SNS (and
 * Terraform) as it is written.
 */
public record SubscriptionSpec(
    String topic,
    String queue,
    boolean rawMessageDelivery,
    String filterPolicyScope,
    JsonNode filterPolicy) {}
