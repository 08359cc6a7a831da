package dev.iceflow.costguard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Reads what Lambda itself reports to CloudWatch (namespace AWS/Lambda, by FunctionName): the sum
 * of Duration (milliseconds) and of Invocations of each function over a window.
 */
final class LambdaMetrics {

  static final String NAMESPACE = "AWS/Lambda";
  static final String DURATION = "Duration";
  static final String INVOCATIONS = "Invocations";
  static final String FUNCTION_NAME = "FunctionName";
  private static final String SUM = "Sum";

  /** Totals of one function over a window. */
  record FunctionTotals(double durationMillis, double invocations) {}

  private final CloudWatchClient cloudWatch;

  LambdaMetrics(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  /** Totals per deployed function name, from {@code from} (inclusive) to {@code to}. */
  Map<String, FunctionTotals> totals(
      List<String> functionNames, Instant from, Instant to, Duration step) {
    List<MetricDataQuery> queries = new ArrayList<>();
    for (int i = 0; i < functionNames.size(); i++) {
      queries.add(query("d" + i, functionNames.get(i), DURATION, step));
      queries.add(query("i" + i, functionNames.get(i), INVOCATIONS, step));
    }
    double[] sums = new double[queries.size()];
    String token = null;
    do {
      GetMetricDataRequest.Builder request =
          GetMetricDataRequest.builder().metricDataQueries(queries).startTime(from).endTime(to);
      if (token != null) {
        request.nextToken(token);
      }
      GetMetricDataResponse response = cloudWatch.getMetricData(request.build());
      for (MetricDataResult result : response.metricDataResults()) {
        int index = indexOf(result.id(), functionNames.size());
        sums[index] += result.values().stream().mapToDouble(Double::doubleValue).sum();
      }
      token = response.nextToken();
    } while (token != null);
    Map<String, FunctionTotals> totals = new java.util.LinkedHashMap<>();
    for (int i = 0; i < functionNames.size(); i++) {
      totals.put(functionNames.get(i), new FunctionTotals(sums[2 * i], sums[2 * i + 1]));
    }
    return totals;
  }

  /** d3 → 6 (function 3's duration), i3 → 7. */
  private static int indexOf(String id, int functions) {
    int function = Integer.parseInt(id.substring(1));
    if (function >= functions) {
      throw new IllegalStateException("CloudWatch answered a query it was not asked: " + id);
    }
    return 2 * function + (id.charAt(0) == 'd' ? 0 : 1);
  }

  private static MetricDataQuery query(String id, String function, String metric, Duration step) {
    return MetricDataQuery.builder()
        .id(id)
        .returnData(true)
        .metricStat(
            MetricStat.builder()
                .metric(
                    Metric.builder()
                        .namespace(NAMESPACE)
                        .metricName(metric)
                        .dimensions(Dimension.builder().name(FUNCTION_NAME).value(function).build())
                        .build())
                .period((int) step.toSeconds())
                .stat(SUM)
                .build())
        .build();
  }
}
