package dev.iceflow.local.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jboss.logging.Logger;

/**
 * Drains a function process's output line by line: each line is appended to the instance's log
 * (flushed, so a tail of the log is current) and handed to the platform's {@link FunctionOutput},
 * as Lambda's log shipping hands each line to CloudWatch Logs. Runs until the process closes its
 * output (it exits or is killed); a process whose output nobody reads would block on a full pipe.
 */
final class OutputPump implements Runnable {

  private static final Logger LOG = Logger.getLogger(OutputPump.class);
  private static final byte[] LINE_BREAK = "\n".getBytes(StandardCharsets.UTF_8);

  private final InputStream output;
  private final Path log;
  private final String functionName;
  private final FunctionOutput consumer;

  private OutputPump(InputStream output, Path log, String functionName, FunctionOutput consumer) {
    this.output = output;
    this.log = log;
    this.functionName = functionName;
    this.consumer = consumer;
  }

  /** Starts draining {@code output} on a daemon thread of its own, and returns the thread. */
  static Thread start(InputStream output, Path log, String functionName, FunctionOutput consumer) {
    Thread thread =
        new Thread(new OutputPump(output, log, functionName, consumer), "output-" + functionName);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    try (BufferedReader lines =
            new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
        OutputStream file =
            Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        file.write(line.getBytes(StandardCharsets.UTF_8));
        file.write(LINE_BREAK);
        file.flush();
        handOver(line);
      }
    } catch (IOException e) {
      LOG.errorf(e, "stopped copying %s's output to %s: %s", functionName, log, e.getMessage());
    }
  }

  /** A failing consumer loses its line, not the log or the process's output. */
  private void handOver(String line) {
    try {
      consumer.line(functionName, line);
    } catch (RuntimeException e) {
      LOG.errorf(e, "a line of %s's output was not handled: %s", functionName, e.getMessage());
    }
  }
}
