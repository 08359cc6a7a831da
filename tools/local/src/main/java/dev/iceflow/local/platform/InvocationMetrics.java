package dev.iceflow.local.platform;

/** Where the platform reports each finished invocation of a function, as Lambda meters it. */
@FunctionalInterface
public interface InvocationMetrics {

  /** For an instance that runs outside a platform (a lone function in tests): nothing is kept. */
  InvocationMetrics NONE = (functionName, outcome) -> {};

  /**
   * Records an invocation of the function deployed as {@code functionName}; must not block the
   * caller (the Runtime API's thread).
   */
  void record(String functionName, InvocationOutcome outcome);
}
