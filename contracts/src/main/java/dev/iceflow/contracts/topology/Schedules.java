package dev.iceflow.contracts.topology;

/** Logical names of the topology's schedules ({@code topology.json} → schedules) code refers to. */
public final class Schedules {

  /** Hourly: compaction maintains every table (rewrite, manifests, expiry, orphans). */
  public static final String COMPACTION_SWEEP = "compaction-sweep";

  /** Cost-guard's tick: read CloudWatch usage, lapse pause holds, evaluate every budget. */
  public static final String COST_GUARD_TICK = "cost-guard-tick";

  private Schedules() {}
}
