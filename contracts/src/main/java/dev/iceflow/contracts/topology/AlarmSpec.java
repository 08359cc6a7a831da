package dev.iceflow.contracts.topology;

/**
 * One alarm, instantiated once per target: a CloudWatch metric alarm in AWS, evaluated by {@code
 * ops status} locally. The fields mean what CloudWatch's PutMetricAlarm means by them.
 *
 * @param runbook the page on-call follows, relative to the repository root
 * @param target what the alarm is instantiated for (see {@link AlarmTarget}): {@code
 *     deadLetterQueues}, {@code consumedQueues}, {@code queue:<name>}, {@code functions}, {@code
 *     datasets} or {@code pipeline}
 * @param ratioOf when present the alarm watches metric / ratioOf (same statistic and dimensions), a
 *     metric-math expression in AWS; a period where ratioOf is 0 or missing does not breach
 * @param datapointsToAlarm how many of the evaluation periods must breach; all of them when absent
 * @param treatMissingData notBreaching, breaching, ignore or missing
 */
public record AlarmSpec(
    String name,
    String description,
    String runbook,
    String target,
    MetricRef metric,
    MetricRef ratioOf,
    String statistic,
    int periodSeconds,
    int evaluationPeriods,
    Integer datapointsToAlarm,
    String comparison,
    double threshold,
    String treatMissingData) {

  public AlarmSpec {
    datapointsToAlarm = datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm;
  }

  /** This alarm with a deployment's own threshold (Terraform's alarm_thresholds). */
  public AlarmSpec withThreshold(double newThreshold) {
    return new AlarmSpec(
        name,
        description,
        runbook,
        target,
        metric,
        ratioOf,
        statistic,
        periodSeconds,
        evaluationPeriods,
        datapointsToAlarm,
        comparison,
        newThreshold,
        treatMissingData);
  }

  public AlarmTarget parsedTarget() {
    return AlarmTarget.parse(target);
  }

  /** Whether {@code value} breaches the threshold under {@link #comparison}. */
  public boolean breaches(double value) {
    return switch (comparison) {
      case "GreaterThanThreshold" -> value > threshold;
      case "GreaterThanOrEqualToThreshold" -> value >= threshold;
      case "LessThanThreshold" -> value < threshold;
      case "LessThanOrEqualToThreshold" -> value <= threshold;
      default ->
          throw new IllegalStateException("alarm %s: comparison %s".formatted(name, comparison));
    };
  }
}
