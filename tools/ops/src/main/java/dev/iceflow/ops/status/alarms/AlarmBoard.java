package dev.iceflow.ops.status.alarms;

import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.MetricRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Evaluates every alarm instance now: ApproximateNumberOfMessagesVisible from the queues' live
 * counts, every other metric (the pipeline's own, AWS/Lambda, ApproximateAgeOfOldestMessage) from
 * CloudWatch, one GetMetricData call per alarm.
 */
public final class AlarmBoard {

  /**
   * Read live instead: GetQueueAttributes' ApproximateNumberOfMessages is the value CloudWatch
   * samples into this metric, fresher than the metric in AWS, and the local emulator publishes no
   * SQS metrics at all.
   */
  public static final MetricRef VISIBLE_MESSAGES =
      new MetricRef("AWS/SQS", "ApproximateNumberOfMessagesVisible");

  private final CloudWatchMetrics metrics;
  private final AlarmEvaluator evaluator = new AlarmEvaluator();

  public AlarmBoard(CloudWatchClient cloudWatch) {
    this.metrics = new CloudWatchMetrics(cloudWatch);
  }

  /**
   * @param visibleByQueueName messages visible now, by deployed queue name
   */
  public List<AlarmStatus> evaluate(
      List<AlarmInstance> instances, Map<String, Long> visibleByQueueName, Instant now) {
    Map<AlarmSpec, List<AlarmInstance>> byAlarm = new LinkedHashMap<>();
    instances.forEach(i -> byAlarm.computeIfAbsent(i.alarm(), a -> new ArrayList<>()).add(i));
    List<AlarmStatus> statuses = new ArrayList<>();
    byAlarm.forEach(
        (alarm, targets) -> {
          List<NavigableMap<Instant, Double>> series =
              alarm.metric().equals(VISIBLE_MESSAGES) && alarm.ratioOf() == null
                  ? live(alarm, targets, visibleByQueueName, now)
                  : fromCloudWatch(alarm, targets, now);
          for (int i = 0; i < targets.size(); i++) {
            statuses.add(
                new AlarmStatus(targets.get(i), evaluator.evaluate(alarm, series.get(i), now)));
          }
        });
    return statuses;
  }

  private static List<NavigableMap<Instant, Double>> live(
      AlarmSpec alarm, List<AlarmInstance> targets, Map<String, Long> visible, Instant now) {
    List<NavigableMap<Instant, Double>> series = new ArrayList<>();
    for (AlarmInstance target : targets) {
      Long count = visible.get(target.watched());
      if (count == null) {
        throw new IllegalStateException(
            "alarm %s watches queue %s, whose counts were not read"
                .formatted(alarm.name(), target.watched()));
      }
      NavigableMap<Instant, Double> current = new TreeMap<>();
      current.put(AlarmEvaluator.periodStart(alarm, now), count.doubleValue());
      series.add(current);
    }
    return series;
  }

  private List<NavigableMap<Instant, Double>> fromCloudWatch(
      AlarmSpec alarm, List<AlarmInstance> targets, Instant now) {
    List<MetricQuery> queries = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      queries.add(query("m" + i, alarm.metric(), alarm, targets.get(i)));
      if (alarm.ratioOf() != null) {
        queries.add(query("r" + i, alarm.ratioOf(), alarm, targets.get(i)));
      }
    }
    Map<String, NavigableMap<Instant, Double>> read =
        queries.isEmpty()
            ? Map.of()
            : metrics.read(queries, AlarmEvaluator.rangeStart(alarm, now), now);
    List<NavigableMap<Instant, Double>> series = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      NavigableMap<Instant, Double> metric = read.get("m" + i);
      series.add(alarm.ratioOf() == null ? metric : RatioSeries.of(metric, read.get("r" + i)));
    }
    return series;
  }

  private static MetricQuery query(
      String id, MetricRef metric, AlarmSpec alarm, AlarmInstance target) {
    return new MetricQuery(
        id, metric, target.dimension(), alarm.statistic(), alarm.periodSeconds());
  }
}
