package dev.iceflow.contracts.topology;

/** The customer-managed key that encrypts every bucket, queue and topic. */
public record KmsKeySpec(String alias, String description) {}
