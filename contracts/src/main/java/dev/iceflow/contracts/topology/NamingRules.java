package dev.iceflow.contracts.topology;

/** AWS naming rules the topology must respect, checked when it is read. */
final class NamingRules {

  static final String FIFO_SUFFIX = ".fifo";

  private NamingRules() {}

  static void requireFifoSuffix(String kind, String name, boolean fifo) {
    if (fifo != name.endsWith(FIFO_SUFFIX)) {
      throw new IllegalArgumentException(
          "%s '%s': a FIFO %s's name must end in %s, and only a FIFO one's may"
              .formatted(kind, name, kind, FIFO_SUFFIX));
    }
  }
}
