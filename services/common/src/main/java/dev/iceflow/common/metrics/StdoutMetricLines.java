package dev.iceflow.common.metrics;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Writes each EMF document to stdout as one line in a single write, then flushes: Lambda ships
 * stdout to CloudWatch Logs, which extracts the metrics of every log event that is an EMF document
 * and nothing else (no API call, no added latency). Quarkus' console log handler writes to the same
 * stream, so the line goes out under the stream's lock, whole: a log record can come before or
 * after it, never inside it.
 */
public final class StdoutMetricLines implements MetricLines {

  private final Supplier<PrintStream> stream;

  public StdoutMetricLines() {
    this(() -> System.out);
  }

  StdoutMetricLines(PrintStream out) {
    this(() -> out);
  }

  private StdoutMetricLines(Supplier<PrintStream> stream) {
    this.stream = stream;
  }

  @Override
  public void write(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    PrintStream out = stream.get();
    synchronized (out) {
      out.write(bytes, 0, bytes.length);
      out.flush();
    }
  }
}
