package dev.iceflow.ops;

/**
 * A command could not do its job for a reason outside the program (AWS refused, a table is
 * missing): printed as one line, exit code 1.
 */
public final class OpsFailure extends RuntimeException {

  public OpsFailure(String message) {
    super(message);
  }

  public OpsFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** The message and its cause's, on one line. */
  public String oneLine() {
    String cause = getCause() == null ? null : getCause().getMessage();
    String line = cause == null ? getMessage() : getMessage() + ": " + cause;
    return line.lines().findFirst().orElse(line);
  }
}
