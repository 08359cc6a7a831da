package dev.iceflow.ops.status.alarms;

import dev.iceflow.contracts.topology.AlarmSpec;
import java.math.BigDecimal;
import java.util.Map;

/** One alarm instance and its state now. */
public record AlarmStatus(AlarmInstance instance, Evaluation evaluation) {

  private static final Map<String, String> OPERATORS =
      Map.of(
          "GreaterThanThreshold", ">",
          "GreaterThanOrEqualToThreshold", ">=",
          "LessThanThreshold", "<",
          "LessThanOrEqualToThreshold", "<=");

  public boolean firing() {
    return evaluation.state() == AlarmState.ALARM;
  }

  public AlarmSpec alarm() {
    return instance.alarm();
  }

  /**
   * What fires and where to look, e.g. {@code dlq-not-empty fires for enrichment-dlq
   * (iceflow-local-enrichment-dlq): ApproximateNumberOfMessagesVisible Maximum 1 > 0 in 1 of the
   * last 1 period(s) of 60 s; runbook runbooks/dlq-not-empty.md}.
   */
  public String line() {
    AlarmSpec alarm = alarm();
    String where =
        instance.dimension().isEmpty()
            ? "the pipeline"
            : "%s (%s)".formatted(instance.target(), instance.watched());
    return "%s fires for %s: %s %s %s %s %s in %d of the last %d period(s) of %d s; runbook %s"
        .formatted(
            alarm.name(),
            where,
            metricLabel(alarm),
            alarm.statistic(),
            evaluation.latest().stream().mapToObj(AlarmStatus::number).findFirst().orElse("(none)"),
            operator(alarm),
            number(alarm.threshold()),
            evaluation.breaching(),
            evaluation.evaluated(),
            alarm.periodSeconds(),
            alarm.runbook());
  }

  public static String metricLabel(AlarmSpec alarm) {
    return alarm.ratioOf() == null
        ? alarm.metric().name()
        : alarm.metric().name() + "/" + alarm.ratioOf().name();
  }

  public static String operator(AlarmSpec alarm) {
    return OPERATORS.getOrDefault(alarm.comparison(), alarm.comparison());
  }

  /** 1.0 → 1, 0.1 → 0.1: as written in the topology. */
  public static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
