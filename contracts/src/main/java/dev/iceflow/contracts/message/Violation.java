package dev.iceflow.contracts.message;

/** One way a message breaks its contract: where (a JSON path) and what. */
public record Violation(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
