package dev.iceflow.contracts.topology;

import java.util.List;

/**
 * One metric of the pipeline's own namespace.
 *
 * @param unit a CloudWatch unit (Count, Milliseconds, Seconds, Percent, None)
 * @param emittedBy the function that emits it
 * @param dimensions the dimension names every datapoint carries (e.g. Dataset); none for a
 *     pipeline-wide metric
 */
public record MetricSpec(
    String name, String unit, String emittedBy, List<String> dimensions, String description) {

  public MetricSpec {
    dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
  }
}
