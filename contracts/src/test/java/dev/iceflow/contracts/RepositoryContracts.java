package dev.iceflow.contracts;

import java.nio.file.Path;

/** The contracts as they are in the repository (tests run with contracts/ as working folder). */
final class RepositoryContracts {

  static final Path ROOT = Path.of("").toAbsolutePath();

  private static Contracts loaded;

  private RepositoryContracts() {}

  static synchronized Contracts load() {
    if (loaded == null) {
      loaded = Contracts.from(ContractSource.directory(ROOT));
    }
    return loaded;
  }
}
