package dev.iceflow.commit;

import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.contracts.topology.MetricNames;
import java.time.Duration;

/**
 * The commit stage's datapoints for one table's batch: how long the commit took, the conflicts it
 * retried, whether it failed, and each committed batch's freshness (from its earliest ingest time,
 * the upstream publish of its oldest record, to the snapshot's commit time: what table.committed's
 * freshnessMillis and the demo's p50/p99 measure).
 */
final class CommitMetrics {

  private static final double MILLIS_PER_SECOND = 1000.0;

  private final PipelineMetrics metrics;

  CommitMetrics(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

  void committed(String dataset, CommitOutcome outcome, int conflicts, Duration took) {
    var points =
        metrics
            .forDataset(dataset)
            .add(MetricNames.COMMIT_LATENCY, took.toMillis())
            .add(MetricNames.COMMIT_CONFLICTS, conflicts)
            .add(MetricNames.COMMIT_FAILURES, 0);
    if (outcome.snapshot() != null) {
      long committedAt = outcome.snapshot().timestampMillis();
      for (StagedBatch batch : outcome.committed()) {
        long millis = Math.max(0, committedAt - batch.earliestIngestTime().toEpochMilli());
        points.add(MetricNames.FRESHNESS, millis / MILLIS_PER_SECOND);
      }
    }
    points.flush();
  }

  /** {@code batches} staged batches go back to the queue uncommitted. */
  void failed(String dataset, int batches, int conflicts, Duration took) {
    metrics
        .forDataset(dataset)
        .add(MetricNames.COMMIT_LATENCY, took.toMillis())
        .add(MetricNames.COMMIT_CONFLICTS, conflicts)
        .add(MetricNames.COMMIT_FAILURES, batches)
        .flush();
  }
}
