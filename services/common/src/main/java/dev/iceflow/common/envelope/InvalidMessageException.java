package dev.iceflow.common.envelope;

import dev.iceflow.contracts.message.Violation;
import java.util.List;

/** A message that is not JSON or breaks its contract; it must go to the DLQ, never be dropped. */
public class InvalidMessageException extends RuntimeException {

  private final List<Violation> violations;

  public InvalidMessageException(String message, List<Violation> violations) {
    super(message + (violations.isEmpty() ? "" : ": " + violations));
    this.violations = List.copyOf(violations);
  }

  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
    this.violations = List.of();
  }

  public List<Violation> violations() {
    return violations;
  }
}
