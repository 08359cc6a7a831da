package dev.iceflow.common.envelope;

import dev.iceflow.common.lambda.UnprocessableMessageException;
import dev.iceflow.contracts.message.Violation;
import java.util.List;

/**
 * A message that is not JSON or breaks its contract: it can never succeed, so it is parked in the
 * DLQ with this reason at once, never dropped.
 */
public class InvalidMessageException extends UnprocessableMessageException {

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
