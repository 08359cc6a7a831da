package dev.iceflow.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import picocli.CommandLine;

/** Runs the ops command line in the test's JVM, capturing what it prints. */
public record OpsRun(int exitCode, String out, String err) {

  public static OpsRun execute(Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = OpsCommand.commandLine(clock);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new OpsRun(exitCode, out.toString(), err.toString());
  }
}
