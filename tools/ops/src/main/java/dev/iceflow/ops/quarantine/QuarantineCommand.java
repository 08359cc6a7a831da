package dev.iceflow.ops.quarantine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ops quarantine}: the rejected records; does nothing without a subcommand. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = {
      "The quarantine bucket: every record a stage rejected, as NDJSON objects"
          + " <stage>/<dataset>/<batch id>.ndjson, one record a line with the rule it broke and"
          + " why. List them, and replay corrected records into ingestion exactly once."
    })
public final class QuarantineCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
