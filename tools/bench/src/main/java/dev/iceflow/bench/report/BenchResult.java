package dev.iceflow.bench.report;

import java.util.List;

/**
 * What one benchmark measured, as it writes it to {@code target/bench/<benchmark>.json} and the
 * report renders it. Every benchmark (and the commit-performance one in services/commit) writes
 * this same shape.
 *
 * @param benchmark short name, also the file's name ("steady", "emulator", "stages", ...)
 * @param startedAt ISO-8601 instant the run began
 * @param figures the measured values, in the order a reader should see them
 * @param charts charts the report draws, each into {@link Chart#file()} beside the report
 */
public record BenchResult(
    String benchmark,
    String title,
    Machine machine,
    String startedAt,
    List<Figure> figures,
    List<Chart> charts) {

  public BenchResult {
    figures = List.copyOf(figures);
    charts = List.copyOf(charts);
  }

  /** The machine a figure came from: figures only compare on the same one. */
  public record Machine(int cores, long maxHeapMb, String java, String os) {

    /** This JVM's machine. */
    public static Machine current() {
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / (1024 * 1024),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
          System.getProperty("os.name")
              + " "
              + System.getProperty("os.version")
              + " "
              + System.getProperty("os.arch"));
    }
  }

  /**
   * One measured value.
   *
   * @param value null when it could not be measured (the note says why)
   * @param unit "ms", "s", "records/s", "MB/s", "ratio", ...
   * @param note what it is measured against, or whether a target is met; may be empty
   */
  public record Figure(String name, Double value, String unit, String note) {}

  /**
   * A chart. For {@code bar} and {@code stacked-bar} each point's x is its category (shown as a
   * number: an offered rate, a level), each series a bar (or a segment of the stack); for {@code
   * line} and {@code histogram} x and y are numbers.
   *
   * @param file the PNG's name, {@code <benchmark>-<chart>.png}
   * @param kind one of {@link Kind}'s wire names
   */
  public record Chart(
      String file, String title, String kind, String xLabel, String yLabel, List<Series> series) {

    public Chart {
      series = List.copyOf(series);
    }
  }

  /** A named series of [x, y] points. */
  public record Series(String name, List<double[]> points) {

    public Series {
      points = List.copyOf(points);
    }
  }

  /** The chart kinds the report draws. */
  public enum Kind {
    LINE("line"),
    BAR("bar"),
    STACKED_BAR("stacked-bar"),
    HISTOGRAM("histogram");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Kind of(String wireName) {
      for (Kind kind : values()) {
        if (kind.wireName.equals(wireName)) {
          return kind;
        }
      }
      throw new IllegalArgumentException(
          "unknown chart kind '%s' (line, bar, stacked-bar or histogram)".formatted(wireName));
    }
  }
}
