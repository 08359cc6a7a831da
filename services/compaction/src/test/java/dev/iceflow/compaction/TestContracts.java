package dev.iceflow.compaction;

import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The application's contracts in tests: the packaged ones plus the test datasets, written as
 * contract files into a folder of their own and loaded the way a deployment loads its contracts.
 */
@ApplicationScoped
public class TestContracts {

  @Produces
  @Singleton
  @Alternative
  @Priority(1)
  Contracts contracts() {
    try {
      Path root = Files.createTempDirectory("compaction-test-contracts");
      copy(ContractSource.classpath().root(), root);
      for (DataContract dataset : TestDatasets.REGISTERED) {
        Files.write(
            root.resolve("datasets").resolve(dataset.dataset() + ".json"),
            Contracts.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(dataset));
      }
      return Contracts.from(ContractSource.directory(root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the test contracts", e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
