package dev.iceflow.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iceflow.local.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where benchmark results live: {@code target/bench/} at the repository root, one {@code
 * <benchmark>.json} each, with the report ({@code REPORT.md}) and its PNG charts beside them. Build
 * output, like every {@code target/}: a clean build removes it, a rerun writes it again.
 */
public final class ResultFile {

  /** The results folder under the repository root. */
  public static final String DIRECTORY = "target/bench";

  private static final String SUFFIX = ".json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultFile() {}

  /** The results folder of the repository at {@code root}. */
  public static Path directory(Path root) {
    return root.resolve(DIRECTORY);
  }

  /** The results folder of the repository this runs in. */
  public static Path defaultDirectory() {
    return directory(ProjectLayout.discover().root());
  }

  /** Writes {@code result} to {@code <folder>/<benchmark>.json}, replacing an earlier run's. */
  public static Path write(Path folder, BenchResult result) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(result.benchmark() + SUFFIX);
    JSON.writeValue(file.toFile(), result);
    return file;
  }

  /** Every result in {@code folder}, by benchmark name; none when it does not exist. */
  public static List<BenchResult> readAll(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<BenchResult> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        results.add(read(file));
      }
    }
    return results;
  }

  static BenchResult read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), BenchResult.class);
    } catch (IOException e) {
      throw new IOException("%s is not a benchmark result: %s".formatted(file, e.getMessage()), e);
    }
  }
}
