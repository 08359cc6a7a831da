package dev.iceflow.local.platform;

/**
 * Where the platform hands each line a function process writes (stdout and stderr, as Lambda ships
 * both to CloudWatch Logs), after copying it to the instance's log file.
 */
@FunctionalInterface
public interface FunctionOutput {

  /** For an instance whose output only goes to its log. */
  FunctionOutput NONE = (functionName, line) -> {};

  /**
   * One whole line (without its break) of the function deployed as {@code functionName}; must not
   * block the caller (the thread draining the process's output, which would stall the process).
   */
  void line(String functionName, String line);
}
