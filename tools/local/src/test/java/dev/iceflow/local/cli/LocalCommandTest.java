package dev.iceflow.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad arguments are refused with a reason and the usage, before anything starts. */
class LocalCommandTest {

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new LocalCommand()).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void zeroRecordsIsRefusedWithUsage() {
    assertThat(run("--records", "0")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--records must be at least 1").contains("Usage:");
  }

  @Test
  void aBatchTooLargeForSnsIsRefused() {
    assertThat(run("--batch", "5000")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("256 KB");
  }

  @Test
  void aRedeliveryScaleOutsideZeroToOneIsRefused() {
    assertThat(run("--aws-redelivery", "0")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--aws-redelivery").contains("Usage:");
  }

  @Test
  void anUnknownOptionIsRefused() {
    assertThat(run("--recrods", "10")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Unknown option");
  }

  @Test
  void largeRunsReadTheParquetFlights() {
    assertThat(LocalCommand.defaultFlightsFile(20_000)).isEqualTo("flights-20k.json");
    assertThat(LocalCommand.defaultFlightsFile(200_000)).isEqualTo("flights-3m.parquet");
  }
}
