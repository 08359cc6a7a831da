package dev.iceflow.contracts.topology;

/** Logical names of the topology's ledgers ({@code topology.json} → ledgers, DynamoDB tables). */
public final class Ledgers {

  /** The commit stage's exactly-once ledger of (table, batch id). */
  public static final String IDEMPOTENCY = "idempotency";

  /** Cost-guard's usage per dataset and month, its event and alert markers, its pause holds. */
  public static final String COST = "cost";

  private Ledgers() {}
}
