package dev.iceflow.ops.contract;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ops contract}: the repository's contracts against their published copies. */
@Command(
    name = "contract",
    mixinStandardHelpOptions = true,
    description = "The repository's contracts against their published copies (check).")
public final class ContractCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
