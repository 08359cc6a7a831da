package dev.iceflow.contracts.topology;

/**
 * Logical names of the topology's topics ({@code topology.json} → topics), as code refers to them.
 */
public final class Topics {

  /** Upstream publishes ingest.batch here. */
  public static final String INGEST = "ingest";

  /** Stage events: batch.validated, records.rejected, table.committed, table.compacted. */
  public static final String EVENTS = "events";

  /** The FIFO topic of datafiles.staged, one message group per table. */
  public static final String COMMITS = "commits";

  /** cost.alert and pipeline.control. */
  public static final String ALERTS = "alerts";

  private Topics() {}
}
