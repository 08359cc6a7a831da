package dev.iceflow.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a benchmark's figures and charts as it prints them, then writes its result file. Figures
 * are printed and recorded by the same call, so the console and the report cannot disagree.
 */
public final class ResultRecorder {

  private final String benchmark;
  private final String title;
  private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final List<BenchResult.Figure> figures = new ArrayList<>();
  private final List<BenchResult.Chart> charts = new ArrayList<>();

  public ResultRecorder(String benchmark, String title) {
    this.benchmark = benchmark;
    this.title = title;
  }

  /** Records a figure; NaN (nothing to measure) is written as null. */
  public ResultRecorder figure(String name, double value, String unit, String note) {
    Double measured = Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    figures.add(new BenchResult.Figure(name, measured, unit, note == null ? "" : note));
    return this;
  }

  /**
   * Records a chart, named {@code <benchmark>-<name>.png} in the report; points with a coordinate
   * that could not be measured (NaN) are left out.
   */
  public ResultRecorder chart(
      String name,
      String title,
      BenchResult.Kind kind,
      String xLabel,
      String yLabel,
      List<BenchResult.Series> series) {
    List<BenchResult.Series> measured =
        series.stream()
            .map(
                s ->
                    new BenchResult.Series(
                        s.name(),
                        s.points().stream()
                            .filter(p -> Double.isFinite(p[0]) && Double.isFinite(p[1]))
                            .toList()))
            .toList();
    charts.add(
        new BenchResult.Chart(
            benchmark + "-" + name + ".png", title, kind.wireName(), xLabel, yLabel, measured));
    return this;
  }

  public BenchResult result() {
    return new BenchResult(
        benchmark, title, BenchResult.Machine.current(), startedAt.toString(), figures, charts);
  }

  /** Writes the result into the repository's {@code target/bench/} and prints where. */
  public Path write() throws IOException {
    return write(ResultFile.defaultDirectory());
  }

  /** Writes the result into {@code folder} and prints where. */
  public Path write(Path folder) throws IOException {
    Path file = ResultFile.write(folder, result());
    System.out.printf("results: %s%n", file);
    return file;
  }
}
