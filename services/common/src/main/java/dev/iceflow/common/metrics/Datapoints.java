package dev.iceflow.common.metrics;

import dev.iceflow.contracts.topology.MetricSpec;
import dev.iceflow.contracts.topology.ObservabilitySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The datapoints of one batch under one set of dimension values, written as one EMF line by {@link
 * #flush}. Not thread-safe: one stage's batch fills it.
 */
public final class Datapoints {

  private final ObservabilitySpec spec;
  private final Map<String, String> dimensions;
  private final MetricLines lines;
  private final Clock clock;
  private final Map<MetricSpec, List<Double>> values = new LinkedHashMap<>();

  Datapoints(
      ObservabilitySpec spec, Map<String, String> dimensions, MetricLines lines, Clock clock) {
    this.spec = spec;
    this.dimensions = new TreeMap<>(dimensions);
    this.lines = lines;
    this.clock = clock;
  }

  /**
   * Adds a value of {@code metric} (a {@code MetricNames} constant); a metric added several times
   * keeps every value (CloudWatch aggregates them: Sum, percentiles).
   *
   * @throws UndeclaredMetricException when the topology does not declare the metric, or declares it
   *     with other dimensions than these datapoints carry
   */
  public Datapoints add(String metric, double value) {
    MetricSpec declared =
        spec.metric(metric)
            .orElseThrow(
                () ->
                    new UndeclaredMetricException(
                        "metric %s is not declared in the topology's observability section (declared: %s)"
                            .formatted(
                                metric, spec.metrics().stream().map(MetricSpec::name).toList())));
    if (!Set.copyOf(declared.dimensions()).equals(dimensions.keySet())) {
      throw new UndeclaredMetricException(
          "metric %s is declared with dimensions %s, this datapoint has %s"
              .formatted(metric, declared.dimensions(), dimensions.keySet()));
    }
    List<Double> points = values.computeIfAbsent(declared, m -> new ArrayList<>());
    if (points.size() == EmfDocument.MAX_VALUES) {
      flush(); // EMF takes at most 100 values of a metric per document
      points = values.computeIfAbsent(declared, m -> new ArrayList<>());
    }
    points.add(value);
    return this;
  }

  /** Writes what was added as one EMF line (nothing when nothing was added) and starts over. */
  public void flush() {
    if (values.isEmpty()) {
      return;
    }
    lines.write(EmfDocument.render(spec.namespace(), clock.instant(), dimensions, values));
    values.clear();
  }
}
