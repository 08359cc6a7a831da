package dev.iceflow.common.metrics;

/** Where EMF documents go, one whole line each. */
@FunctionalInterface
public interface MetricLines {

  /** Writes {@code line} (no line break in it) as one line. */
  void write(String line);
}
