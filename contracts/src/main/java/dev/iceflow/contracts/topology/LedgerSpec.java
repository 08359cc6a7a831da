package dev.iceflow.contracts.topology;

/**
 * A DynamoDB table by logical name: a ledger the pipeline writes with conditional writes, keyed by
 * one string partition key, its items expiring {@code ttlDays} after their last write.
 */
public record LedgerSpec(
    String name,
    String purpose,
    String partitionKey,
    String ttlAttribute,
    int ttlDays,
    boolean pointInTimeRecovery) {}
