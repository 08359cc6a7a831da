package dev.iceflow.ops.status.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.MetricRef;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** CloudWatch's evaluation rules, on datapoints placed period by period before a fixed now. */
class AlarmEvaluatorTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:04:30Z");
  private static final int PERIOD = 60;
  private static final double THRESHOLD = 0;
  private static final AlarmEvaluator EVALUATOR = new AlarmEvaluator();

  /** 3 of the last 5 one-minute periods above 0, like function-errors. */
  private static AlarmSpec threeOfFive(String treatMissingData) {
    return alarm(5, 3, treatMissingData);
  }

  private static AlarmSpec alarm(int evaluationPeriods, int datapointsToAlarm, String missing) {
    return new AlarmSpec(
        "test-alarm",
        "a test alarm",
        "runbooks/test.md",
        "functions",
        new MetricRef("AWS/Lambda", "Errors"),
        null,
        "Sum",
        PERIOD,
        evaluationPeriods,
        datapointsToAlarm,
        "GreaterThanThreshold",
        THRESHOLD,
        missing);
  }

  /** Values of the periods before now, newest first; null is a missing datapoint. */
  private static NavigableMap<Instant, Double> newestFirst(Double... values) {
    NavigableMap<Instant, Double> points = new TreeMap<>();
    Instant current = Instant.parse("2026-03-01T10:04:00Z");
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        points.put(current.minusSeconds((long) PERIOD * i), values[i]);
      }
    }
    return points;
  }

  @Test
  void shouldAlarm_whenDatapointsToAlarmOfTheEvaluationPeriodsBreach() {
    Evaluation evaluation =
        EVALUATOR.evaluate(threeOfFive("notBreaching"), newestFirst(1.0, 0.0, 2.0, 0.0, 4.0), NOW);

    assertThat(evaluation.state()).isEqualTo(AlarmState.ALARM);
    assertThat(evaluation.breaching()).isEqualTo(3);
    assertThat(evaluation.latest()).hasValue(1.0);
  }

  @Test
  void shouldStayOk_whenOneBreachingDatapointShortOfDatapointsToAlarm() {
    Evaluation evaluation =
        EVALUATOR.evaluate(threeOfFive("notBreaching"), newestFirst(1.0, 0.0, 2.0, 0.0, 0.0), NOW);

    assertThat(evaluation.state()).isEqualTo(AlarmState.OK);
    assertThat(evaluation.breaching()).isEqualTo(2);
  }

  @Test
  void shouldEvaluateTheMostRecentExistingDatapoints_whenEnoughExistDespiteGaps() {
    // The evaluation range (5 + 2 periods) holds 5 datapoints around 2 gaps: those 5 are evaluated
    // and the gaps are not filled in as breaching (which would make 4 of 5).
    NavigableMap<Instant, Double> points = newestFirst(1.0, null, 1.0, 0.0, 0.0, 0.0, null);
    points.put(NOW.minusSeconds(3600), 9.0); // outside the range: never evaluated

    Evaluation evaluation = EVALUATOR.evaluate(threeOfFive("breaching"), points, NOW);

    assertThat(evaluation.state()).isEqualTo(AlarmState.OK);
    assertThat(evaluation.breaching()).isEqualTo(2);
  }

  @Test
  void shouldCountMissingDatapointsAsTreatMissingDataSays() {
    NavigableMap<Instant, Double> oneBreach = newestFirst(1.0);

    assertThat(EVALUATOR.evaluate(threeOfFive("notBreaching"), oneBreach, NOW).state())
        .isEqualTo(AlarmState.OK);
    assertThat(EVALUATOR.evaluate(threeOfFive("breaching"), oneBreach, NOW).state())
        .isEqualTo(AlarmState.ALARM);
    // ignore: 1 breaching + 4 missing could still make 3, so CloudWatch keeps its last state
    assertThat(EVALUATOR.evaluate(threeOfFive("ignore"), oneBreach, NOW).state())
        .isEqualTo(AlarmState.INSUFFICIENT_DATA);
  }

  @Test
  void shouldDecideIgnoreOnTheDatapointsThatExist_whenTheySettleIt() {
    // 3 of 3 needed and one existing datapoint below the threshold: 3 can no longer breach
    assertThat(EVALUATOR.evaluate(alarm(3, 3, "ignore"), newestFirst(0.0), NOW).state())
        .isEqualTo(AlarmState.OK);
    // 1 of 1 breaching: ALARM however the missing ones are treated
    assertThat(EVALUATOR.evaluate(alarm(1, 1, "ignore"), newestFirst(3.0), NOW).state())
        .isEqualTo(AlarmState.ALARM);
  }

  @Test
  void shouldNotKnowTheState_whenNoDatapointExistsAndMissingDataIsIgnoredOrMissing() {
    NavigableMap<Instant, Double> none = newestFirst();

    assertThat(EVALUATOR.evaluate(alarm(1, 1, "ignore"), none, NOW).state())
        .isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(EVALUATOR.evaluate(alarm(1, 1, "missing"), none, NOW).state())
        .isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(EVALUATOR.evaluate(alarm(1, 1, "notBreaching"), none, NOW).state())
        .isEqualTo(AlarmState.OK);
    assertThat(EVALUATOR.evaluate(alarm(1, 1, "breaching"), none, NOW).latest()).isEmpty();
  }

  @Test
  void shouldTakeTheCurrentPartialPeriod_andNothingAfterNow() {
    NavigableMap<Instant, Double> points = new TreeMap<>();
    points.put(Instant.parse("2026-03-01T10:05:00Z"), 5.0); // the next period: not yet
    assertThat(EVALUATOR.evaluate(alarm(1, 1, "notBreaching"), points, NOW).state())
        .isEqualTo(AlarmState.OK);

    points.put(Instant.parse("2026-03-01T10:04:00Z"), 5.0); // the period holding now
    assertThat(EVALUATOR.evaluate(alarm(1, 1, "notBreaching"), points, NOW).state())
        .isEqualTo(AlarmState.ALARM);
  }
}
