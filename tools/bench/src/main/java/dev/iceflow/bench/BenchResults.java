package dev.iceflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark's figures and chart series, written as {@code target/bench/<name>.json} in the
 * shape the report renderer reads: benchmark, title, machine, startedAt, figures, charts. Written
 * with Jackson directly, field for field, so the renderer's own writer can take its place.
 */
final class BenchResults {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final long MIB = 1024L * 1024L;

  /** One number and what it means. */
  record Figure(String name, double value, String unit, String note) {}

  /** One line (or bar group) of a chart: [x, y] points. */
  record Series(String name, List<double[]> points) {}

  /** A chart the renderer draws as {@code file} (a PNG beside the report). */
  record Chart(
      String file, String title, String kind, String xLabel, String yLabel, List<Series> series) {}

  /** The machine the figures come from. */
  record Machine(int cores, long maxHeapMb, String java, String os) {

    static Machine current() {
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / MIB,
          System.getProperty("java.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
  }

  /** The document as written. */
  record Document(
      String benchmark,
      String title,
      Machine machine,
      String startedAt,
      List<Figure> figures,
      List<Chart> charts) {}

  private final String benchmark;
  private final String title;
  private final Instant startedAt = Instant.now();
  private final List<Figure> figures = new ArrayList<>();
  private final List<Chart> charts = new ArrayList<>();

  BenchResults(String benchmark, String title) {
    this.benchmark = benchmark;
    this.title = title;
  }

  BenchResults figure(String name, double value, String unit, String note) {
    figures.add(new Figure(name, value, unit, note));
    return this;
  }

  /** A chart named {@code <benchmark>-<chart>.png}. */
  BenchResults chart(
      String chart,
      String chartTitle,
      String kind,
      String xLabel,
      String yLabel,
      Series... series) {
    charts.add(
        new Chart(
            benchmark + "-" + chart + ".png", chartTitle, kind, xLabel, yLabel, List.of(series)));
    return this;
  }

  /** Writes {@code target/bench/<benchmark>.json} under {@code dir}; returns the file. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(benchmark + ".json");
    JSON.writeValue(
        file.toFile(),
        new Document(
            benchmark,
            title,
            Machine.current(),
            startedAt.toString(),
            List.copyOf(figures),
            List.copyOf(charts)));
    return file;
  }
}
