package dev.iceflow.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles, mean and trend of measured values (nearest-rank percentiles, as the demo's). */
public final class Distribution {

  private final List<Double> sorted;

  private Distribution(List<Double> values) {
    this.sorted = new ArrayList<>(values);
    Collections.sort(sorted);
  }

  public static Distribution of(List<Double> values) {
    return new Distribution(values);
  }

  public int size() {
    return sorted.size();
  }

  public boolean isEmpty() {
    return sorted.isEmpty();
  }

  /** The nearest-rank {@code p}th percentile; NaN when there are no values. */
  public double percentile(double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  public double max() {
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
  }

  public double mean() {
    return sorted.isEmpty()
        ? Double.NaN
        : sorted.stream().mapToDouble(Double::doubleValue).sum() / sorted.size();
  }

  /** The cumulative distribution as [value, fraction of values at or below it] points. */
  public List<double[]> cdf() {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      points.add(new double[] {sorted.get(i), (i + 1.0) / sorted.size()});
    }
    return points;
  }

  /** Least-squares slope of y over x; 0 with fewer than two points. */
  public static double slope(List<double[]> points) {
    int n = points.size();
    if (n < 2) {
      return 0;
    }
    double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (double[] p : points) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }
}
