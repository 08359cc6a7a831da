package dev.iceflow.common.metrics;

import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.contracts.topology.ObservabilitySpec;
import java.time.Clock;
import java.util.Map;

/**
 * The pipeline's own metrics (the topology's observability section), emitted as CloudWatch Embedded
 * Metric Format: a stage collects the datapoints of one batch in {@link Datapoints} and flushes
 * them as one EMF line. Name, unit, dimensions and namespace come from the topology, and a
 * datapoint it does not declare is refused.
 */
public final class PipelineMetrics {

  private final ObservabilitySpec spec;
  private final MetricLines lines;
  private final Clock clock;

  public PipelineMetrics(ObservabilitySpec spec, MetricLines lines, Clock clock) {
    this.spec = spec;
    this.lines = lines;
    this.clock = clock;
  }

  /** Datapoints of per-dataset metrics, dimension {@code Dataset} = {@code dataset}. */
  public Datapoints forDataset(String dataset) {
    return new Datapoints(spec, Map.of(MetricNames.DATASET_DIMENSION, dataset), lines, clock);
  }

  /** Datapoints of metrics declared without dimensions (the whole pipeline's). */
  public Datapoints pipelineWide() {
    return new Datapoints(spec, Map.of(), lines, clock);
  }
}
