package dev.iceflow.ops.cost;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ops cost}: what the pipeline costs, from cost-guard's ledger. */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = "What the pipeline costs, from cost-guard's ledger and the price tables.")
public final class CostCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
