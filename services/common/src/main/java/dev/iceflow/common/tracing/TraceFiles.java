package dev.iceflow.common.tracing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the local platform's functions write their spans in a run folder: {@code
 * traces/<function>.otlp.jsonl}, OTLP JSON lines (what {@code ops trace} reads).
 */
public final class TraceFiles {

  static final String DIRECTORY = "traces";
  static final String SUFFIX = ".otlp.jsonl";

  private TraceFiles() {}

  /** The file {@code function}'s instances append their spans to. */
  public static Path of(Path runDirectory, String function) {
    return runDirectory.resolve(DIRECTORY).resolve(function + SUFFIX);
  }

  /** Every traces file of a run folder, by name; none when no function has traced yet. */
  public static List<Path> in(Path runDirectory) throws IOException {
    Path directory = runDirectory.resolve(DIRECTORY);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
  }
}
