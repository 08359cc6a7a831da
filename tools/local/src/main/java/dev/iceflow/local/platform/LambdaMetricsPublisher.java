package dev.iceflow.local.platform;

import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes the AWS/Lambda metrics Lambda emits for every invocation (Invocations, Duration,
 * Errors, by FunctionName) to the embedded AWS's CloudWatch, where cost-guard reads them with
 * GetMetricData as it does in AWS. Off the invocation's path: {@link #record} only queues them on
 * the platform's {@link MetricDataSender}.
 */
public final class LambdaMetricsPublisher implements InvocationMetrics {

  /** The namespace Lambda's own metrics are in. */
  public static final String NAMESPACE = "AWS/Lambda";

  /** The dimension that names the deployed function. */
  public static final String FUNCTION_NAME = "FunctionName";

  public static final String INVOCATIONS = "Invocations";
  public static final String DURATION = "Duration";
  public static final String ERRORS = "Errors";

  private final MetricDataSender sender;

  public LambdaMetricsPublisher(MetricDataSender sender) {
    this.sender = sender;
  }

  @Override
  public void record(String functionName, InvocationOutcome outcome) {
    sender.submit(NAMESPACE, datums(functionName, outcome));
  }

  /** The data points Lambda emits for one invocation. */
  private static List<MetricDatum> datums(String functionName, InvocationOutcome outcome) {
    Dimension function = Dimension.builder().name(FUNCTION_NAME).value(functionName).build();
    return List.of(
        datum(INVOCATIONS, function, outcome, 1, StandardUnit.COUNT),
        datum(DURATION, function, outcome, outcome.durationMillis(), StandardUnit.MILLISECONDS),
        datum(ERRORS, function, outcome, outcome.error() ? 1 : 0, StandardUnit.COUNT));
  }

  private static MetricDatum datum(
      String name, Dimension function, InvocationOutcome outcome, double value, StandardUnit unit) {
    return MetricDatum.builder()
        .metricName(name)
        .dimensions(function)
        .timestamp(outcome.end())
        .value(value)
        .unit(unit)
        .build();
  }
}
