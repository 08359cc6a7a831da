package dev.iceflow.ops.status.alarms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Reads metric statistics per period with GetMetricData: each query's datapoints by the start of
 * their period, from {@code start} (aligned to the periods by the caller) to {@code end}.
 */
final class CloudWatchMetrics {

  /** GetMetricData takes at most 500 queries per call. */
  static final int MAX_QUERIES = 500;

  private final CloudWatchClient cloudWatch;

  CloudWatchMetrics(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  Map<String, NavigableMap<Instant, Double>> read(
      List<MetricQuery> queries, Instant start, Instant end) {
    Map<String, NavigableMap<Instant, Double>> series = new HashMap<>();
    queries.forEach(q -> series.put(q.id(), new TreeMap<>()));
    for (int from = 0; from < queries.size(); from += MAX_QUERIES) {
      List<MetricDataQuery> batch =
          queries.subList(from, Math.min(queries.size(), from + MAX_QUERIES)).stream()
              .map(CloudWatchMetrics::query)
              .toList();
      String token = null;
      do {
        GetMetricDataRequest.Builder request =
            GetMetricDataRequest.builder().metricDataQueries(batch).startTime(start).endTime(end);
        if (token != null) {
          request.nextToken(token);
        }
        GetMetricDataResponse response = cloudWatch.getMetricData(request.build());
        for (MetricDataResult result : response.metricDataResults()) {
          NavigableMap<Instant, Double> points = series.get(result.id());
          if (points == null) {
            throw new IllegalStateException(
                "CloudWatch answered a query it was not asked: " + result.id());
          }
          for (int i = 0; i < result.timestamps().size(); i++) {
            points.put(result.timestamps().get(i), result.values().get(i));
          }
        }
        token = response.nextToken();
      } while (token != null);
    }
    return series;
  }

  private static MetricDataQuery query(MetricQuery query) {
    List<Dimension> dimensions = new ArrayList<>();
    query
        .dimension()
        .ifPresent(
            d -> dimensions.add(Dimension.builder().name(d.name()).value(d.value()).build()));
    return MetricDataQuery.builder()
        .id(query.id())
        .returnData(true)
        .metricStat(
            MetricStat.builder()
                .metric(
                    Metric.builder()
                        .namespace(query.metric().namespace())
                        .metricName(query.metric().name())
                        .dimensions(dimensions)
                        .build())
                .period(query.periodSeconds())
                .stat(query.statistic())
                .build())
        .build();
  }
}
