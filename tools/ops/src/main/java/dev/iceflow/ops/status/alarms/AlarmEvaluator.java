package dev.iceflow.ops.status.alarms;

import dev.iceflow.contracts.topology.AlarmSpec;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalDouble;

/**
 * Evaluates an alarm on its datapoints (period start → value) the way CloudWatch does: it looks at
 * an evaluation range somewhat longer than evaluationPeriods, takes the most recent
 * evaluationPeriods datapoints that exist there and goes to ALARM when datapointsToAlarm of them
 * breach; only when fewer exist does treatMissingData fill in the rest. Pure, never throws on data.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html
 */
public final class AlarmEvaluator {

  /**
   * Periods the evaluation range reaches back beyond evaluationPeriods. CloudWatch does not publish
   * the exact number (it depends on the period); its documented example looks at 5 datapoints for
   * an alarm of 3.
   */
  static final int EXTRA_PERIODS = 2;

  static final String NOT_BREACHING = "notBreaching";
  static final String BREACHING = "breaching";

  /** The first period of the evaluation range; the range ends with the period holding now. */
  public static Instant rangeStart(AlarmSpec alarm, Instant now) {
    long period = alarm.periodSeconds();
    long current = Math.floorDiv(now.getEpochSecond(), period) * period;
    return Instant.ofEpochSecond(
        current - (alarm.evaluationPeriods() + EXTRA_PERIODS - 1L) * period);
  }

  /** The start of the period holding {@code now}: where a live value goes. */
  public static Instant periodStart(AlarmSpec alarm, Instant now) {
    long period = alarm.periodSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), period) * period);
  }

  public Evaluation evaluate(
      AlarmSpec alarm, NavigableMap<Instant, Double> datapoints, Instant now) {
    Instant end = periodStart(alarm, now).plusSeconds(alarm.periodSeconds());
    List<Double> newestFirst =
        datapoints
            .subMap(rangeStart(alarm, now), true, end, false)
            .descendingMap()
            .values()
            .stream()
            .limit(alarm.evaluationPeriods())
            .toList();
    OptionalDouble latest =
        newestFirst.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(newestFirst.get(0));
    int breaching = (int) newestFirst.stream().filter(alarm::breaches).count();
    int missing = alarm.evaluationPeriods() - newestFirst.size();
    int needed = alarm.datapointsToAlarm();
    AlarmState state =
        switch (alarm.treatMissingData()) {
          case BREACHING -> {
            breaching += missing;
            yield breaching >= needed ? AlarmState.ALARM : AlarmState.OK;
          }
          case NOT_BREACHING -> breaching >= needed ? AlarmState.ALARM : AlarmState.OK;
          // ignore and missing: decide on the datapoints that exist when they settle it, else
          // CloudWatch keeps the previous state (or, with nothing at all and missing, says
          // INSUFFICIENT_DATA), which one evaluation cannot know.
          default -> settledWithoutMissing(newestFirst.size(), breaching, missing, needed);
        };
    return new Evaluation(state, latest, breaching, alarm.evaluationPeriods());
  }

  private static AlarmState settledWithoutMissing(
      int existing, int breaching, int missing, int needed) {
    if (breaching >= needed) {
      return AlarmState.ALARM;
    }
    if (existing > 0 && breaching + missing < needed) {
      return AlarmState.OK; // even if every missing datapoint breached, too few would
    }
    return AlarmState.INSUFFICIENT_DATA;
  }
}
