package dev.iceflow.bench.steady;

import dev.iceflow.bench.report.BenchResult;
import dev.iceflow.bench.report.BenchResult.Series;
import dev.iceflow.bench.report.ResultRecorder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Prints the steady benchmark's figures and records them, with its charts and targets. */
final class SteadyReport {

  private final ResultRecorder result =
      new ResultRecorder("steady", "Steady-load freshness and throughput (packaged functions)");
  private final List<LevelOutcome> levels = new ArrayList<>();
  private final int batchSize;
  private double ceilingRecordsPerSecond = Double.NaN;
  private double firstCommitSeconds = Double.NaN;
  private Map<String, Long> coldStarts = Map.of();
  private List<Series> queueSeries = List.of();

  SteadyReport(List<Integer> rates, int levelSeconds, int batchSize) {
    this.batchSize = batchSize;
    System.out.printf(
        "steady: levels %s records/s, %d s each, %d-record batches%n",
        rates, levelSeconds, batchSize);
  }

  void ceiling(double recordsPerSecond) {
    ceilingRecordsPerSecond = recordsPerSecond;
  }

  void coldStarts(Map<String, Long> millis) {
    coldStarts = millis;
  }

  void firstCommit(double seconds) {
    firstCommitSeconds = seconds;
  }

  private final Map<Integer, Long> enrichmentTableLoads = new LinkedHashMap<>();

  /** A level, and how many times enrichment loaded the table through the catalog during it. */
  void level(LevelOutcome level, long enrichmentTableLoadsInLevel) {
    levels.add(level);
    enrichmentTableLoads.put(level.offered(), enrichmentTableLoadsInLevel);
  }

  /** The whole run's waiting messages per queue, from the functions' start. */
  void queueDepths(QueueDepthSampler depths) {
    List<QueueDepthSampler.Sample> samples = depths.between(0, Long.MAX_VALUE);
    if (samples.isEmpty()) {
      return;
    }
    long originMillis = samples.get(0).atMillis();
    List<Series> series = new ArrayList<>();
    for (String queue : depths.queues()) {
      List<double[]> points = new ArrayList<>();
      for (QueueDepthSampler.Sample s : samples) {
        points.add(new double[] {(s.atMillis() - originMillis) / 1000.0, s.waiting().get(queue)});
      }
      series.add(new Series(queue, points));
    }
    queueSeries = series;
  }

  void finish(int targetLevel, double targetP50, double targetP99, double targetShare)
      throws IOException {
    System.out.println();
    System.out.printf(
        "%10s %10s %10s %8s %8s %8s %8s %8s %10s  %s%n",
        "offered",
        "published",
        "committed",
        "p50 s",
        "p95 s",
        "p99 s",
        "max s",
        "backlog",
        "batch/commit",
        "verdict");
    for (LevelOutcome l : levels) {
      System.out.printf(
          "%,10d %,10.0f %,10.0f %8.2f %8.2f %8.2f %8.2f %+8.0f %10.1f  %s%n",
          l.offered(),
          l.publishedRate(),
          l.committedRate(),
          l.freshnessSeconds().percentile(50),
          l.freshnessSeconds().percentile(95),
          l.freshnessSeconds().percentile(99),
          l.freshnessSeconds().max(),
          l.backlogGrowth(),
          l.batchesPerCommit(),
          l.verdict());
      System.out.printf("           %s%n", l.bound());
      System.out.printf(
          "           commit: %d commits (%d failed), CommitLatency %.0f ms, Iceberg commit %.0f ms, catalog swap %.0f ms (means)%n",
          l.commit().commits(),
          l.commit().failedCommits(),
          l.commit().commitLatencyMs(),
          l.commit().icebergCommitMs(),
          l.commit().catalogSwapMs());
    }
    figures();
    targets(targetLevel, targetP50, targetP99, targetShare);
    charts();
    result.write();
  }

  private void figures() {
    result.figure(
        "first commit after start: publish -> committed snapshot",
        firstCommitSeconds,
        "s",
        "the warm-up's first batch, cold functions (not in any level's figures)");
    coldStarts.forEach(
        (instance, ms) ->
            result.figure("cold start " + instance, ms, "ms", "process start -> first next"));
    if (!Double.isNaN(ceilingRecordsPerSecond)) {
      result.figure(
          "bare message path on the same emulator",
          ceilingRecordsPerSecond,
          "records/s",
          "SNS publish -> SQS receive+delete, %d-record messages, before the functions start"
              .formatted(batchSize));
    }
    for (LevelOutcome l : levels) {
      String at = "@ %,d records/s: ".formatted(l.offered());
      result
          .figure(at + "freshness p50", l.freshnessSeconds().percentile(50), "s", "")
          .figure(at + "freshness p95", l.freshnessSeconds().percentile(95), "s", "")
          .figure(at + "freshness p99", l.freshnessSeconds().percentile(99), "s", "")
          .figure(
              at + "freshness max",
              l.freshnessSeconds().max(),
              "s",
              "%d batches".formatted(l.batches()))
          .figure(
              at + "published",
              l.publishedRate(),
              "records/s",
              "publish lag p99 %.0f ms behind the schedule".formatted(l.publishLateP99Ms()))
          .figure(
              at + "committed",
              l.committedRate(),
              "records/s",
              "the level's committed records over the longer of the level and its first-to-last commit")
          .figure(
              at + "queue backlog growth",
              l.backlogGrowth(),
              "messages",
              "waiting messages, end vs start of the level")
          .figure(
              at + "freshness trend",
              l.freshnessTrendSecondsPerMinute(),
              "s/min",
              "slope over the level")
          .figure(at + "batches per commit", l.batchesPerCommit(), "batches", "")
          .figure(at + "not committed after the drain", l.uncommitted(), "batches", "")
          .figure(at + "sustainable", l.sustainable() ? 1 : 0, "1 = yes", l.verdict());
      l.stageBusyShare()
          .forEach(
              (stage, share) ->
                  result.figure(
                      at + stage + " handler busy",
                      share,
                      "ratio",
                      "union of its spans / level time (1 instance)"));
      l.coresUsed()
          .forEach((process, cores) -> result.figure(at + "CPU " + process, cores, "cores", ""));
      for (int i = 0; i < StageTimeline.SEGMENTS.size(); i++) {
        result.figure(
            at + "per batch: " + StageTimeline.SEGMENTS.get(i),
            l.meanSegmentsMs()[i],
            "ms",
            "mean over %d batches with all three spans".formatted(l.batchesTimed()));
      }
      result
          .figure(
              at + "commit: CommitLatency",
              l.commit().commitLatencyMs(),
              "ms",
              "mean of %d commits".formatted(l.commit().commits()))
          .figure(
              at + "commit: Iceberg snapshot commit",
              l.commit().icebergCommitMs(),
              "ms",
              "CommitReport totalDuration: manifests, manifest list, catalog swap")
          .figure(
              at + "commit: catalog swap",
              l.commit().catalogSwapMs(),
              "ms",
              "new metadata.json + JDBC update")
          .figure(
              at + "enrichment: table loads through the catalog per batch",
              (double) enrichmentTableLoads.getOrDefault(l.offered(), 0L) / l.batches(),
              "loads",
              "Iceberg's 'Table loaded by catalog' lines in the enrichment log during the level and its drain");
    }
  }

  private void targets(int targetLevel, double targetP50, double targetP99, double targetShare) {
    Optional<LevelOutcome> target =
        levels.stream().filter(l -> l.offered() == targetLevel).findFirst();
    String name = "target: freshness %s at %,d records/s <= %.0f s";
    if (target.isPresent()) {
      LevelOutcome l = target.get();
      double p50 = l.freshnessSeconds().percentile(50);
      double p99 = l.freshnessSeconds().percentile(99);
      result.figure(
          name.formatted("p50", targetLevel, targetP50), p50, "s", verdict(p50 <= targetP50, l));
      result.figure(
          name.formatted("p99", targetLevel, targetP99), p99, "s", verdict(p99 <= targetP99, l));
      System.out.printf(
          "target freshness at %,d records/s: p50 %.2f s (%s), p99 %.2f s (%s)%n",
          targetLevel,
          p50,
          p50 <= targetP50 ? "met" : "MISSED",
          p99,
          p99 <= targetP99 ? "met" : "MISSED");
    } else {
      result.figure(
          name.formatted("p50", targetLevel, targetP50),
          Double.NaN,
          "s",
          "not measured: no %,d records/s level in --rates".formatted(targetLevel));
    }
    double sustained =
        levels.stream()
            .filter(LevelOutcome::sustainable)
            .mapToInt(LevelOutcome::offered)
            .max()
            .orElse(0);
    result.figure(
        "maximum sustainable rate on this machine",
        sustained,
        "records/s",
        sustained == 0
            ? "no level was sustainable"
            : "the highest level whose queues and freshness did not grow");
    System.out.printf("maximum sustainable rate: %,.0f records/s%n", sustained);
    if (Double.isNaN(ceilingRecordsPerSecond)) {
      return;
    }
    double share = sustained / ceilingRecordsPerSecond;
    // where the pipeline stops keeping up is what bounds its throughput
    Optional<LevelOutcome> breaking = levels.stream().filter(l -> !l.sustainable()).findFirst();
    String note =
        share >= targetShare
            ? "met"
            : "MISSED"
                + breaking
                    .map(l -> "; at %,d records/s: %s".formatted(l.offered(), l.bound()))
                    .orElse("");
    result.figure(
        "target: sustainable throughput >= %.0f %% of the bare message path"
            .formatted(targetShare * 100),
        share,
        "ratio",
        note);
    System.out.printf(
        "throughput: %,.0f sustained of %,.0f records/s bare = %.2f (%s)%n",
        sustained, ceilingRecordsPerSecond, share, share >= targetShare ? "met" : "MISSED");
  }

  private static String verdict(boolean met, LevelOutcome level) {
    return met ? "met" : "MISSED; " + level.bound();
  }

  private void charts() {
    List<Series> cdf = new ArrayList<>();
    List<Series> overTime = new ArrayList<>();
    List<double[]> offered = new ArrayList<>();
    List<double[]> published = new ArrayList<>();
    List<double[]> committed = new ArrayList<>();
    for (LevelOutcome l : levels) {
      String name = "%,d records/s".formatted(l.offered());
      cdf.add(new Series(name, l.freshnessSeconds().cdf()));
      overTime.add(new Series(name, l.freshnessOverTime()));
      offered.add(new double[] {l.offered(), l.offered()});
      published.add(new double[] {l.offered(), l.publishedRate()});
      committed.add(new double[] {l.offered(), l.committedRate()});
    }
    result.chart(
        "freshness",
        "Freshness (publish -> committed snapshot), cumulative, per offered load",
        BenchResult.Kind.LINE,
        "freshness (s)",
        "share of batches",
        cdf);
    result.chart(
        "freshness-over-time",
        "Freshness of each batch over its level (growing = backlog)",
        BenchResult.Kind.LINE,
        "published at (s into the level)",
        "freshness (s)",
        overTime);
    List<Series> rates =
        new ArrayList<>(
            List.of(
                new Series("offered", offered),
                new Series("published", published),
                new Series("committed", committed)));
    if (!Double.isNaN(ceilingRecordsPerSecond) && !levels.isEmpty()) {
      double lo = levels.stream().mapToInt(LevelOutcome::offered).min().orElseThrow();
      double hi = levels.stream().mapToInt(LevelOutcome::offered).max().orElseThrow();
      rates.add(
          new Series(
              "bare message path",
              List.of(
                  new double[] {lo, ceilingRecordsPerSecond},
                  new double[] {hi, ceilingRecordsPerSecond})));
    }
    result.chart(
        "rate",
        "Achieved vs offered rate",
        BenchResult.Kind.LINE,
        "offered (records/s)",
        "records/s",
        rates);
    List<Series> stages = new ArrayList<>();
    for (int i = 0; i < StageTimeline.SEGMENTS.size(); i++) {
      List<double[]> points = new ArrayList<>();
      for (LevelOutcome l : levels) {
        points.add(new double[] {l.offered(), l.meanSegmentsMs()[i] / 1000.0});
      }
      stages.add(new Series(StageTimeline.SEGMENTS.get(i), points));
    }
    result.chart(
        "stages",
        "Where a batch's time goes, per offered load (means, from the functions' spans)",
        BenchResult.Kind.STACKED_BAR,
        "offered (records/s)",
        "seconds per batch",
        stages);
    Map<String, List<double[]>> cpu = new LinkedHashMap<>();
    for (LevelOutcome l : levels) {
      l.coresUsed()
          .forEach(
              (process, cores) ->
                  cpu.computeIfAbsent(process, p -> new ArrayList<>())
                      .add(new double[] {l.offered(), cores}));
    }
    result.chart(
        "cpu",
        "CPU used per process during each level",
        BenchResult.Kind.STACKED_BAR,
        "offered (records/s)",
        "cores",
        cpu.entrySet().stream().map(e -> new Series(e.getKey(), e.getValue())).toList());
    if (!queueSeries.isEmpty()) {
      result.chart(
          "queues",
          "Messages waiting per queue over the run (warm-up, then each level and its drain)",
          BenchResult.Kind.LINE,
          "seconds since the functions started",
          "messages waiting",
          queueSeries);
    }
  }
}
