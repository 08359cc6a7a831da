package dev.iceflow.contracts.topology;

import java.util.List;
import java.util.Optional;

/**
 * The metrics the services emit (CloudWatch Embedded Metric Format, in {@code namespace}) and the
 * alarms on-call watches: declared once in the topology, created by Terraform as CloudWatch alarms
 * and evaluated by {@code ops status} where nothing evaluates them (the local emulator).
 */
public record ObservabilitySpec(
    String description, String namespace, List<MetricSpec> metrics, List<AlarmSpec> alarms) {

  public ObservabilitySpec {
    metrics = List.copyOf(metrics);
    alarms = List.copyOf(alarms);
  }

  public Optional<MetricSpec> metric(String name) {
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  public Optional<AlarmSpec> alarm(String name) {
    return alarms.stream().filter(a -> a.name().equals(name)).findFirst();
  }
}
