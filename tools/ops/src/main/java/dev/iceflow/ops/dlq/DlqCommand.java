package dev.iceflow.ops.dlq;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ops dlq}: the dead-letter queues; does nothing without a subcommand. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = {
      "The topology's dead-letter queues: each queue's redrive DLQ (messages its consumer failed"
          + " maxReceiveCount times, or that a stage parked with a reason) and each subscription's"
          + " delivery DLQ (what SNS could not deliver to the subscribed queue), and the parking"
          + " queue ingest-unrouted (what validation could not route, with the reason).",
    })
public final class DlqCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
