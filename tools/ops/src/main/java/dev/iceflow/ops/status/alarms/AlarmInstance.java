package dev.iceflow.ops.status.alarms;

import dev.iceflow.contracts.topology.AlarmSpec;
import java.util.Optional;

/**
 * One alarm of the topology for one of its targets, as Terraform creates it: {@code
 * <prefix>-<alarm>-<target>}.
 *
 * @param target the logical name of the queue, DLQ, function or dataset; {@code pipeline} for the
 *     pipeline target
 * @param dimension the metric's dimension naming the target; empty for the pipeline
 */
public record AlarmInstance(AlarmSpec alarm, String target, Optional<Dimension> dimension) {

  /** A CloudWatch dimension: QueueName, FunctionName (deployed names) or Dataset. */
  public record Dimension(String name, String value) {}

  /** The dimension's value (a deployed queue or function name, a dataset), else the target. */
  public String watched() {
    return dimension.map(Dimension::value).orElse(target);
  }
}
