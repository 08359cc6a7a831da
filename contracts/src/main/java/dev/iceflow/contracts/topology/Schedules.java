package dev.iceflow.contracts.topology;

/** Logical names of the topology's schedules ({@code topology.json} → schedules) code refers to. */
public final class Schedules {

  /** Hourly: compaction maintains every table (rewrite, manifests, expiry, orphans). */
  public static final String COMPACTION_SWEEP = "compaction-sweep";

  private Schedules() {}
}
