package dev.iceflow.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders every result in the results folder into {@code REPORT.md} and its PNG charts: a short
 * guide to reading it first, then each benchmark's machine, figures and charts.
 */
public final class ReportRenderer {

  public static final String REPORT = "REPORT.md";

  /** The order a reader should meet them in: the ceiling first, then what is read against it. */
  private static final List<String> ORDER =
      List.of("emulator", "steady", "stages", "commits", "functions", "compaction");

  private static final String HOW_TO_READ =
      """
      # iceflow benchmarks

      ## How to read this report

      - Every figure was measured by `bin/bench` on the machine named under its benchmark; figures
        compare only on the same machine, and figures taken while the machine was busy with other
        work (builds, tests) are not representative.
      - **emulator** is the local message path's own ceiling (SNS publish to SQS receive and delete,
        S3 put and get) with no pipeline code: the pipeline's throughput is read as a fraction of it.
      - **steady** offers the packaged functions a constant load per level (records/s, published on
        a fixed schedule), after a warm-up level that is not reported. *Freshness* is a batch's
        committed snapshot's timestamp minus the time it was published. A level is *sustainable*
        when the publisher kept the schedule, every batch was committed, and neither the queues nor
        the freshness grew during it. Targets are reported as met or missed, never asserted; a
        missed target's note says what bounds it.
      - The stage breakdown comes from the functions' own spans: the time a batch waits in each
        queue and spends in each stage's handler, per level (means, so the segments add up).
      - **stages** and **compaction** measure code in one JVM against a raw baseline measured in the
        same run: ratios, per core.
      - **commits** runs the commit stage's own code in one JVM on one table, twice: with the history
        the data contract keeps and with it bounded by expiry. Latency is a rolling median, read
        against the table's history (snapshots, data manifests, metadata.json size).
      - **functions** measures the packaged functions on the local platform: function.zip sizes,
        cold starts (each function alone), and the commit function's first commits after its cold
        start, timed from the SQS send to the snapshot.
      - Raw results: one `<benchmark>.json` per benchmark beside this file (`target/bench/`).
      """;

  private ReportRenderer() {}

  /** Writes REPORT.md and every chart into {@code folder}; returns the report's path. */
  public static Path render(Path folder) throws IOException {
    List<BenchResult> results = new ArrayList<>(ResultFile.readAll(folder));
    results.sort(
        Comparator.comparingInt(ReportRenderer::rank).thenComparing(BenchResult::benchmark));
    StringBuilder md = new StringBuilder(HOW_TO_READ);
    if (results.isEmpty()) {
      md.append("\nNo results yet: run `bin/bench`.\n");
    }
    for (BenchResult result : results) {
      section(md, result);
      for (BenchResult.Chart chart : result.charts()) {
        ChartRenderer.render(chart, folder.resolve(chart.file()));
        md.append("\n![").append(chart.title()).append("](").append(chart.file()).append(")\n");
      }
    }
    Files.createDirectories(folder);
    Path report = folder.resolve(REPORT);
    Files.writeString(report, md);
    return report;
  }

  private static void section(StringBuilder md, BenchResult result) {
    BenchResult.Machine m = result.machine();
    md.append("\n## ")
        .append(result.title())
        .append(" (`")
        .append(result.benchmark())
        .append("`)\n\n");
    md.append(
        "Run %s on %d cores, %d MB max heap, %s, %s.%n%n"
            .formatted(result.startedAt(), m.cores(), m.maxHeapMb(), m.java(), m.os()));
    md.append("| figure | value | unit | note |\n|---|---:|---|---|\n");
    for (BenchResult.Figure f : result.figures()) {
      md.append("| ")
          .append(cell(f.name()))
          .append(" | ")
          .append(number(f.value()))
          .append(" | ")
          .append(cell(f.unit()))
          .append(" | ")
          .append(cell(f.note()))
          .append(" |\n");
    }
  }

  private static int rank(BenchResult result) {
    int index = ORDER.indexOf(result.benchmark());
    return index < 0 ? ORDER.size() : index;
  }

  private static String number(Double measured) {
    if (measured == null || Double.isNaN(measured)) {
      return "n/a";
    }
    double value = measured;
    double magnitude = Math.abs(value);
    if (value == Math.rint(value) && magnitude < 1e15) {
      return String.format("%,d", (long) value);
    }
    return magnitude >= 100 ? String.format("%,.0f", value) : String.format("%.3g", value);
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
