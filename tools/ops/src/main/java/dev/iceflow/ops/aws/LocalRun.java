package dev.iceflow.ops.aws;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which run of the local platform a command reads files of (its catalog, its traces): a picocli
 * mixin. Given outright or by {@code ICEFLOW_RUN_DIR} (bin/demo prints it), else the newest run
 * under .local/runs when the command targets the local platform; none against AWS.
 */
public final class LocalRun {

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      defaultValue = "${env:ICEFLOW_RUN_DIR}",
      description =
          "Run folder of the local platform (bin/demo prints it; default: $ICEFLOW_RUN_DIR, else"
              + " with --endpoint-url the newest under .local/runs).")
  Path runDirectory;

  /** The run folder to read, if any. */
  public Optional<Path> folder(AwsTarget aws) {
    if (runDirectory != null) {
      return Optional.of(runDirectory);
    }
    return aws.local() ? LocalRuns.newest() : Optional.empty();
  }

  /** The run folder given outright (option or environment), if any. */
  public Optional<Path> given() {
    return Optional.ofNullable(runDirectory);
  }
}
