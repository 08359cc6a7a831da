package dev.iceflow.contracts.topology;

/**
 * Names of the pipeline's own metrics ({@code topology.json} → observability.metrics) code emits,
 * and their dimension.
 */
public final class MetricNames {

  public static final String RECORDS_IN = "RecordsIn";
  public static final String RECORDS_VALID = "RecordsValid";
  public static final String RECORDS_REJECTED = "RecordsRejected";
  public static final String FILES_WRITTEN = "FilesWritten";
  public static final String COMMIT_LATENCY = "CommitLatency";
  public static final String COMMIT_CONFLICTS = "CommitConflicts";
  public static final String COMMIT_FAILURES = "CommitFailures";
  public static final String FRESHNESS = "Freshness";
  public static final String FILES_PER_PARTITION = "FilesPerPartition";
  public static final String COST_USD = "CostUsd";
  public static final String BUDGET_USED_PERCENT = "BudgetUsedPercent";
  public static final String PAUSED_FUNCTIONS = "PausedFunctions";

  /** The dimension of every per-dataset metric. */
  public static final String DATASET_DIMENSION = "Dataset";

  private MetricNames() {}
}
