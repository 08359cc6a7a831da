package dev.iceflow.bench.report;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/bench report}: renders every result in target/bench/ into REPORT.md and PNGs. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Renders target/bench/*.json into target/bench/REPORT.md with PNG charts beside it.")
public final class ReportCommand implements Callable<Integer> {

  @Option(
      names = "--results",
      description = "results folder (default: target/bench under the repository root)")
  Path folder;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new ReportCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path results = folder != null ? folder : ResultFile.defaultDirectory();
    System.out.printf("report: %s%n", ReportRenderer.render(results));
    return 0;
  }
}
