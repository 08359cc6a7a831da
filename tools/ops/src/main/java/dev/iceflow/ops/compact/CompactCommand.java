package dev.iceflow.ops.compact;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ops compact}: table maintenance on request. */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = "Asks the compaction service to maintain the tables now (now).")
public final class CompactCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
