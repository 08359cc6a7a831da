package dev.iceflow.contracts;

import dev.iceflow.contracts.dataset.DataContract;

/** Contracts of the repository, for tests in other packages. */
public final class TestContracts {

  private TestContracts() {}

  public static DataContract flights() {
    return RepositoryContracts.load().dataset("flights").orElseThrow();
  }
}
