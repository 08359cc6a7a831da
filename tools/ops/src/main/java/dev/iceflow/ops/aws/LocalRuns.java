package dev.iceflow.ops.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local platform's run folders ({@code .local/runs/<yyyyMMdd-HHmmss-SSS>} in the checkout, as
 * tools/local-aws's ProjectLayout lays them out), found from the working folder upwards.
 */
public final class LocalRuns {

  public static final String CATALOG_FILE = "catalog.db";
  private static final Path RUNS = Path.of(".local", "runs");

  private LocalRuns() {}

  /** The newest run folder with a catalog: run folder names sort by start time. */
  public static Optional<Path> newest() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path runs = dir.resolve(RUNS);
      if (Files.isDirectory(runs)) {
        return newestIn(runs);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> newestIn(Path runs) {
    try (Stream<Path> folders = Files.list(runs)) {
      return folders
          .filter(run -> Files.isRegularFile(run.resolve(CATALOG_FILE)))
          .max(Comparator.comparing(run -> run.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the run folders in " + runs, e);
    }
  }
}
