package dev.iceflow.contracts.topology;

/** Where a queue's messages go after {@code maxReceiveCount} failed receives. */
public record DeadLetterSpec(String name, int maxReceiveCount, int messageRetentionSeconds) {}
