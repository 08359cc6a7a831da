package dev.iceflow.testkit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The EMF lines a service in this JVM writes to stdout while the capture is open (stdout still gets
 * every byte): what a test reads to check the metrics a stage emitted, as CloudWatch Logs would
 * extract them.
 */
public final class EmittedMetrics implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String EMF_METADATA = "_aws";

  private final PrintStream original;
  private final Tee tee;

  private EmittedMetrics(PrintStream original) {
    this.original = original;
    this.tee = new Tee(original);
  }

  /** Starts capturing; close to stop. */
  public static EmittedMetrics capture() {
    EmittedMetrics capture = new EmittedMetrics(System.out);
    System.setOut(new PrintStream(capture.tee, true, StandardCharsets.UTF_8));
    return capture;
  }

  /** Every EMF document written so far. */
  public List<JsonNode> documents() {
    List<JsonNode> documents = new ArrayList<>();
    for (String line : tee.lines()) {
      if (!line.startsWith("{") || !line.contains(EMF_METADATA)) {
        continue;
      }
      try {
        JsonNode node = MAPPER.readTree(line);
        if (node.has(EMF_METADATA)) {
          documents.add(node);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("a line that looks like EMF is no JSON: " + line, e);
      }
    }
    return documents;
  }

  /** Every value of {@code metric} emitted with dimension {@code dimension} = {@code value}. */
  public List<Double> values(String metric, String dimension, String value) {
    return values(metric, document -> document.path(dimension).asText("").equals(value));
  }

  /** Every value of a metric without dimensions (the whole pipeline's). */
  public List<Double> values(String metric) {
    return values(metric, document -> true);
  }

  private List<Double> values(String metric, Predicate<JsonNode> which) {
    List<Double> values = new ArrayList<>();
    for (JsonNode document : documents()) {
      if (!which.test(document) || !document.has(metric)) {
        continue;
      }
      JsonNode found = document.get(metric);
      if (found.isArray()) {
        found.forEach(v -> values.add(v.asDouble()));
      } else {
        values.add(found.asDouble());
      }
    }
    return values;
  }

  @Override
  public void close() {
    System.out.flush();
    System.setOut(original);
  }

  /** Forwards every byte and keeps the lines. */
  private static final class Tee extends OutputStream {

    private final PrintStream forward;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();

    Tee(PrintStream forward) {
      this.forward = forward;
    }

    @Override
    public synchronized void write(int b) {
      forward.write(b);
      keep(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      forward.write(bytes, offset, length);
      for (int i = offset; i < offset + length; i++) {
        keep(bytes[i]);
      }
    }

    private void keep(int b) {
      if (b == '\n') {
        lines.add(current.toString(StandardCharsets.UTF_8));
        current.reset();
      } else {
        current.write(b);
      }
    }

    @Override
    public void flush() {
      forward.flush();
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
