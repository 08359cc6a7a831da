package dev.iceflow.ops.table;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ops table}: a table's snapshots, and rolling it back. */
@Command(
    name = "table",
    mixinStandardHelpOptions = true,
    description = "A table's snapshots (history) and rolling it back (rollback).")
public final class TableCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
