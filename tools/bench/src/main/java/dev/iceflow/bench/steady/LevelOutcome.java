package dev.iceflow.bench.steady;

import dev.iceflow.bench.Distribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one load level measured: freshness of its batches, the rates it was offered, published and
 * committed at, whether the queues or the freshness grew during it, where its batches' time went,
 * and which processes were busy.
 */
record LevelOutcome(
    int offered,
    double seconds,
    int batches,
    double publishedRate,
    double publishLateP99Ms,
    Distribution freshnessSeconds,
    List<double[]> freshnessOverTime,
    int uncommitted,
    double committedRate,
    double backlogGrowth,
    double freshnessTrendSecondsPerMinute,
    double batchesPerCommit,
    double[] meanSegmentsMs,
    int batchesTimed,
    Map<String, Double> stageBusyShare,
    Map<String, Double> coresUsed,
    CommitInternals commit) {

  /** The first part of a level, while the pipe fills, is left out of rates and trends. */
  static final double FILL_SHARE = 0.1;

  /** A grown backlog: this share of the level's batches left waiting, and at least this many. */
  static final double BACKLOG_GROWTH_SHARE = 0.05;

  static final int BACKLOG_GROWTH_MIN_MESSAGES = 5;

  /** Grown freshness: over the level, by this much and by this share of its median. */
  static final double FRESHNESS_GROWTH_MIN_SECONDS = 2.0;

  static final double FRESHNESS_GROWTH_SHARE = 0.5;

  /** The publisher kept the schedule when it published this share of the offered rate. */
  static final double KEPT_SCHEDULE = 0.95;

  /** Measures a level from its batches and what the run recorded around them. */
  static LevelOutcome of(
      int offered,
      double seconds,
      long startMillis,
      long endMillis,
      List<PublishedBatch> published,
      CommittedBatches committed,
      List<QueueDepthSampler.Sample> depths,
      StageTimeline timeline,
      Map<String, Double> coresUsed,
      CommitInternals commit) {
    long records = published.stream().mapToLong(PublishedBatch::records).sum();
    List<Double> freshness = new ArrayList<>();
    List<double[]> overTime = new ArrayList<>();
    List<Double> late = new ArrayList<>();
    List<Double> perCommit = new ArrayList<>();
    double[] segments = new double[StageTimeline.SEGMENTS.size()];
    int timed = 0;
    int uncommitted = 0;
    long firstCommit = Long.MAX_VALUE;
    long lastCommit = Long.MIN_VALUE;
    long rateFrom = startMillis + Math.round((endMillis - startMillis) * FILL_SHARE);
    for (PublishedBatch b : published) {
      late.add((double) b.lateMillis());
      var commitOf = committed.of(b.batchId());
      if (commitOf.isEmpty()) {
        uncommitted++;
        continue;
      }
      CommittedBatches.Commit c = commitOf.get();
      double f = (c.timestampMillis() - b.publishedAtMillis()) / 1000.0;
      freshness.add(f);
      overTime.add(new double[] {(b.publishedAtMillis() - startMillis) / 1000.0, f});
      perCommit.add((double) c.batchesInCommit());
      firstCommit = Math.min(firstCommit, c.timestampMillis());
      lastCommit = Math.max(lastCommit, c.timestampMillis());
      var s = timeline.segments(b);
      if (s.isPresent()) {
        timed++;
        for (int i = 0; i < segments.length; i++) {
          segments[i] += s.get()[i];
        }
      }
    }
    for (int i = 0; i < segments.length; i++) {
      segments[i] = timed == 0 ? Double.NaN : segments[i] / timed;
    }
    List<double[]> trendPoints =
        overTime.stream()
            .filter(p -> p[0] >= seconds * FILL_SHARE)
            .map(p -> new double[] {p[0] / 60.0, p[1]})
            .toList();
    Map<String, Double> busy = new LinkedHashMap<>();
    for (String stage : StageTimeline.STAGES) {
      busy.put(
          stage, timeline.busyMillis(stage, startMillis, endMillis) / (endMillis - startMillis));
    }
    return new LevelOutcome(
        offered,
        seconds,
        published.size(),
        records / seconds,
        Distribution.of(late).percentile(99),
        Distribution.of(freshness),
        overTime,
        uncommitted,
        committedRate(published, freshness.size(), firstCommit, lastCommit, seconds),
        backlogGrowth(depths, rateFrom),
        Distribution.slope(trendPoints),
        Distribution.of(perCommit).mean(),
        segments,
        timed,
        busy,
        coresUsed,
        commit);
  }

  /**
   * Records per second the level's batches were committed at: their records over the longer of the
   * level (the denominator of the published rate too) and the time from their first commit to their
   * last. A pipeline that keeps up commits them within about the window they were published in; one
   * that falls behind spreads them out, and the rate drops below the offered one.
   */
  private static double committedRate(
      List<PublishedBatch> published,
      int committedBatches,
      long firstCommit,
      long lastCommit,
      double levelSeconds) {
    if (committedBatches == 0) {
      return 0;
    }
    double recordsPerBatch =
        published.stream().mapToInt(PublishedBatch::records).average().orElse(0);
    double spreadSeconds = Math.max(levelSeconds, (lastCommit - firstCommit) / 1000.0);
    return committedBatches * recordsPerBatch / spreadSeconds;
  }

  /** Waiting messages at the end of the level minus at its start (means of a fifth each). */
  private static double backlogGrowth(List<QueueDepthSampler.Sample> depths, long fromMillis) {
    List<QueueDepthSampler.Sample> measured =
        depths.stream().filter(s -> s.atMillis() >= fromMillis).toList();
    if (measured.size() < 5) {
      return 0;
    }
    int fifth = measured.size() / 5;
    double first =
        measured.subList(0, fifth).stream()
            .mapToInt(QueueDepthSampler.Sample::totalWaiting)
            .average()
            .orElse(0);
    double last =
        measured.subList(measured.size() - fifth, measured.size()).stream()
            .mapToInt(QueueDepthSampler.Sample::totalWaiting)
            .average()
            .orElse(0);
    return last - first;
  }

  boolean keptSchedule() {
    return publishedRate >= offered * KEPT_SCHEDULE;
  }

  boolean backlogGrew() {
    return backlogGrowth > Math.max(BACKLOG_GROWTH_MIN_MESSAGES, batches * BACKLOG_GROWTH_SHARE);
  }

  boolean freshnessGrew() {
    double growth = freshnessTrendSecondsPerMinute * seconds / 60.0;
    return growth
        > Math.max(
            FRESHNESS_GROWTH_MIN_SECONDS, freshnessSeconds.percentile(50) * FRESHNESS_GROWTH_SHARE);
  }

  boolean sustainable() {
    return keptSchedule()
        && uncommitted == 0
        && commit.failedCommits() == 0
        && !backlogGrew()
        && !freshnessGrew();
  }

  /** Why the level is not sustainable, or "sustainable". */
  String verdict() {
    List<String> reasons = new ArrayList<>();
    if (!keptSchedule()) {
      reasons.add(
          "the publisher fell behind (%.0f of %d records/s)".formatted(publishedRate, offered));
    }
    if (uncommitted > 0) {
      reasons.add("%d batches not committed by the end of the run".formatted(uncommitted));
    }
    if (commit.failedCommits() > 0) {
      reasons.add(
          "%d commits failed (their messages went back to the queue; see the commit log)"
              .formatted(commit.failedCommits()));
    }
    if (backlogGrew()) {
      reasons.add("queues grew by %.0f messages".formatted(backlogGrowth));
    }
    if (freshnessGrew()) {
      reasons.add("freshness grew %.1f s/min".formatted(freshnessTrendSecondsPerMinute));
    }
    return reasons.isEmpty() ? "sustainable" : "NOT sustainable: " + String.join("; ", reasons);
  }

  /** The largest segment of a batch's way, and the busiest process: what bounds this level. */
  String bound() {
    if (batchesTimed == 0) {
      return "no batch of the level has all three stage spans without an error (none committed, or only by commits that failed after their swap)";
    }
    int largest = 0;
    double total = 0;
    for (int i = 0; i < meanSegmentsMs.length; i++) {
      total += meanSegmentsMs[i];
      if (meanSegmentsMs[i] > meanSegmentsMs[largest]) {
        largest = i;
      }
    }
    String busiest =
        coresUsed.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(e -> "%s at %.2f cores".formatted(e.getKey(), e.getValue()))
            .orElse("n/a");
    StringBuilder stages = new StringBuilder();
    stageBusyShare.forEach(
        (stage, share) ->
            stages
                .append(stages.isEmpty() ? "" : ", ")
                .append("%s %.0f%%".formatted(stage, share * 100)));
    return "largest part of a batch's way: %s (mean %.1f s of %.1f s); busiest process: %s; handlers busy: %s"
        .formatted(
            StageTimeline.SEGMENTS.get(largest),
            meanSegmentsMs[largest] / 1000,
            total / 1000,
            busiest,
            stages);
  }
}
