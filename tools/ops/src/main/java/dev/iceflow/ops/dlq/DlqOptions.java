package dev.iceflow.ops.dlq;

import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.ops.aws.DeploymentPrefix;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The options the dlq commands share, checked: a bad one is a usage error (exit 2). */
final class DlqOptions {

  private DlqOptions() {}

  static String prefix(DeploymentPrefix deployment, CommandSpec spec) {
    try {
      return deployment.value();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The dead-letter queue named {@code logical}; anything else is refused with the known names. */
  static DeadLetterQueue named(Topology topology, String logical, CommandSpec spec) {
    return DeadLetterQueue.named(topology, logical)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "--queue %s is no dead-letter queue of the topology (known: %s)"
                        .formatted(
                            logical,
                            String.join(
                                ", ",
                                DeadLetterQueue.of(topology).stream()
                                    .map(DeadLetterQueue::name)
                                    .toList()))));
  }
}
