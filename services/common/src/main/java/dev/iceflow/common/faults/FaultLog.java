package dev.iceflow.common.faults;

/**
 * The one log line each injected fault writes, so a harness counts what was injected from the
 * function logs: {@code grep -c 'iceflow-fault: crash at commit.after-table-commit'}.
 */
public final class FaultLog {

  /** Starts the message of every line that reports an injected fault. */
  public static final String PREFIX = "iceflow-fault: ";

  private FaultLog() {}

  /** {@code iceflow-fault: <what> (<details>)}. */
  public static String line(String what, String details) {
    return PREFIX + what + " (" + details + ")";
  }
}
