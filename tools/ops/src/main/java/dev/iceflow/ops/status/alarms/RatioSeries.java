package dev.iceflow.ops.status.alarms;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * metric / ratioOf per period, as Terraform's metric-math alarm computes it with {@code IF(m2 > 0,
 * FILL(m1, 0) / m2, 0)}: a period without ratioOf has no datapoint, one where ratioOf is 0 is 0,
 * and a missing metric counts 0 (no record rejected).
 */
final class RatioSeries {

  private RatioSeries() {}

  static NavigableMap<Instant, Double> of(
      NavigableMap<Instant, Double> metric, NavigableMap<Instant, Double> ratioOf) {
    NavigableMap<Instant, Double> ratio = new TreeMap<>();
    for (Map.Entry<Instant, Double> point : ratioOf.entrySet()) {
      double denominator = point.getValue();
      ratio.put(
          point.getKey(),
          denominator > 0 ? metric.getOrDefault(point.getKey(), 0.0) / denominator : 0.0);
    }
    return ratio;
  }
}
