package dev.iceflow.ops.table;

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
final class LocalRuns {

  static final String CATALOG_FILE = "catalog.db";
  private static final Path RUNS = Path.of(".local", "runs");

  private LocalRuns() {}

  /** The catalog file of the newest run that has one: run folder names sort by start time. */
  static Optional<Path> newestCatalog() {
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
          .map(run -> run.resolve(CATALOG_FILE))
          .filter(Files::isRegularFile)
          .max(Comparator.comparing(catalog -> catalog.getParent().getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the run folders in " + runs, e);
    }
  }
}
