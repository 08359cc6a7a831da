package dev.iceflow.bench.steady;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JSON lines a function's instances wrote ({@code functions/<function>/<slot>/function.log} in
 * the run folder): its log records (with an ISO timestamp) and its EMF metric lines (with {@code
 * _aws.Timestamp}), each with the epoch millis it was written at.
 */
final class FunctionLogs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOG_FILE = "function.log";

  /** One line and when it was written. */
  record Line(long atMillis, JsonNode json) {

    boolean isMetrics() {
      return json.has("_aws");
    }

    String message() {
      return json.path("message").asText("");
    }
  }

  private FunctionLogs() {}

  /** How many log records in [from, to] have a message containing {@code text}. */
  static long count(List<Line> lines, String text, long fromMillis, long toMillis) {
    return lines.stream()
        .filter(l -> l.atMillis() >= fromMillis && l.atMillis() <= toMillis)
        .filter(l -> !l.isMetrics() && l.message().contains(text))
        .count();
  }

  static List<Line> read(Path runDirectory, String function) throws IOException {
    Path folder = runDirectory.resolve("functions").resolve(function);
    List<Line> lines = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return lines;
    }
    List<Path> logs;
    try (Stream<Path> slots = Files.list(folder)) {
      logs = slots.map(s -> s.resolve(LOG_FILE)).filter(Files::isRegularFile).toList();
    }
    for (Path log : logs) {
      try (BufferedReader reader = Files.newBufferedReader(log)) {
        String text;
        while ((text = reader.readLine()) != null) {
          if (text.startsWith("{")) {
            line(text).ifPresent(lines::add);
          }
        }
      }
    }
    return lines;
  }

  /** A JSON line; a line cut short by a killed process, or not JSON, is not a record. */
  private static java.util.Optional<Line> line(String text) {
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (IOException notJson) {
      return java.util.Optional.empty();
    }
    if (json.has("_aws")) {
      return java.util.Optional.of(new Line(json.path("_aws").path("Timestamp").asLong(), json));
    }
    if (json.has("timestamp")) {
      return java.util.Optional.of(
          new Line(Instant.parse(json.path("timestamp").asText()).toEpochMilli(), json));
    }
    return java.util.Optional.empty();
  }
}
