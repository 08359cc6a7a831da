package dev.iceflow.bench.report;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A benchmark's {@code --out}: where its {@code <benchmark>.json} goes. */
public final class ResultsFolderOption {

  @Option(
      names = "--out",
      description =
          "folder the result file goes to (default: target/bench under the repository root)")
  Path folder;

  /** The folder given, or the repository's results folder. */
  public Path folder() {
    return folder != null ? folder : ResultFile.defaultDirectory();
  }
}
