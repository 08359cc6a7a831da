package dev.iceflow.contracts.topology;

/** AWS naming rules the topology must respect, checked when it is read. */
final class NamingRules {

  static final String FIFO_SUFFIX = ".fifo";

  private NamingRules() {}

  /**
   * Logical names are plain words (they become property and environment variable names); the
   * deployment adds the .fifo suffix AWS requires of FIFO topics and queues.
   */
  static void requireLogicalName(String kind, String name) {
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "%s '%s': logical names are lower-case letters, digits and '-' (the deployment adds %s to FIFO ones)"
              .formatted(kind, name, FIFO_SUFFIX));
    }
  }
}
