package dev.iceflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.local.emulator.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a function's processes wrote in this run (every instance, every restart appends to its
 * slot's {@code function.log}): JSON log lines and EMF metric lines, as CloudWatch Logs would hold
 * them.
 */
final class FunctionLogs {

  private final Path functionDirectory;

  FunctionLogs(LocalAws aws, String function) {
    this.functionDirectory = aws.runDirectory().resolve("functions").resolve(function);
  }

  /** Lines containing {@code text}. */
  long linesContaining(String text) {
    return lines().filter(line -> line.contains(text)).count();
  }

  /** The sum of an EMF metric's values over every metric line that has it. */
  double metricSum(String metric) {
    return lines()
        .filter(line -> line.startsWith("{\"_aws\"") && line.contains("\"" + metric + "\""))
        .map(FunctionLogs::json)
        .map(node -> node.get(metric))
        .mapToDouble(FunctionLogs::sum)
        .sum();
  }

  private static double sum(JsonNode value) {
    if (value == null) {
      return 0;
    }
    if (value.isArray()) {
      double total = 0;
      for (JsonNode v : value) {
        total += v.asDouble();
      }
      return total;
    }
    return value.asDouble();
  }

  private static JsonNode json(String line) {
    try {
      return EnvelopeCodec.mapper().readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON line: " + line, e);
    }
  }

  private Stream<String> lines() {
    if (!Files.isDirectory(functionDirectory)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.walk(functionDirectory)) {
      List<Path> logs =
          files.filter(f -> f.getFileName().toString().startsWith("function.log")).toList();
      return logs.stream().flatMap(FunctionLogs::read);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<String> read(Path log) {
    try {
      return Files.readAllLines(log).stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
