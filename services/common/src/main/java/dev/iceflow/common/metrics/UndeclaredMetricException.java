package dev.iceflow.common.metrics;

/**
 * A datapoint the topology's observability section does not declare: an unknown metric name, or a
 * metric without the dimensions it is declared with (alarms and dashboards would never see it).
 */
public class UndeclaredMetricException extends IllegalArgumentException {

  public UndeclaredMetricException(String message) {
    super(message);
  }
}
