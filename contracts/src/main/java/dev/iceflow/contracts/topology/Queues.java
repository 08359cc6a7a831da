package dev.iceflow.contracts.topology;

/**
 * Logical names of the topology's queues ({@code topology.json} → queues) that code sends to; the
 * queues functions consume are named by the topology alone.
 */
public final class Queues {

  /** What was published to the ingest topic but validation cannot route: parked, never dropped. */
  public static final String INGEST_UNROUTED = "ingest-unrouted";

  private Queues() {}
}
