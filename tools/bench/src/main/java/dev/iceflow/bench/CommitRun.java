package dev.iceflow.bench;

import dev.iceflow.bench.report.BenchResult.Series;
import dev.iceflow.bench.report.ResultRecorder;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of commits on one table: each commit's latency and files, and the table's history
 * (snapshots, data manifests, metadata.json bytes) read every few commits.
 */
final class CommitRun {

  /** How many commits at each end of the run are compared (the first, a cold one, excluded). */
  private static final int ENDS = 50;

  private static final int WINDOW = 25;
  private static final double KIB = 1024.0;

  /** The table as a commit met it. */
  record History(int snapshots, int dataManifests, long metadataBytes, double metadataMillis) {}

  private record Sample(int commit, History history) {}

  private final double[] millis;
  private final long[] files;
  private final List<Sample> samples = new ArrayList<>();
  private int done;

  CommitRun(int commits) {
    this.millis = new double[commits];
    this.files = new long[commits];
  }

  void commit(double latencyMillis, long addedFiles) {
    millis[done] = latencyMillis;
    files[done] = addedFiles;
    done++;
  }

  /** The history after commit {@code commit}: what commit {@code commit + 1} meets. */
  void sample(int commit, History history) {
    samples.add(new Sample(commit, history));
  }

  double firstMillis() {
    return millis[0];
  }

  /** Median of commits 2..51: a warm container on a young table. */
  double earlyMedian() {
    return median(1, Math.min(done, 1 + ENDS));
  }

  /** Median of the last 50 commits. */
  double lateMedian() {
    return median(Math.max(1, done - ENDS), done);
  }

  double commitsPerSecond() {
    double total = 0;
    for (int i = 0; i < done; i++) {
      total += millis[i];
    }
    return done / (total / 1000.0);
  }

  double filesPerCommit() {
    long total = 0;
    for (int i = 0; i < done; i++) {
      total += files[i];
    }
    return (double) total / done;
  }

  History last() {
    return samples.get(samples.size() - 1).history();
  }

  /**
   * Least-squares slope of latency against the snapshots the commit met, in ms per 1,000 snapshots
   * (the first commit excluded): what each retained snapshot adds to a commit.
   */
  double millisPerThousandSnapshots() {
    List<double[]> points = new ArrayList<>();
    for (Sample s : samples) {
      int next = s.commit() + 1;
      if (next < done) {
        points.add(new double[] {s.history().snapshots(), millis[next]});
      }
    }
    return slope(points);
  }

  /** Least-squares slope of y against x, times 1,000. */
  private static double slope(List<double[]> points) {
    double n = points.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      sx += p[0];
      sy += p[1];
      sxx += p[0] * p[0];
      sxy += p[0] * p[1];
    }
    double denominator = n * sxx - sx * sx;
    return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator * 1000;
  }

  void print(String label) {
    History last = last();
    System.out.printf("%s:%n", label);
    System.out.printf("  first commit (cold container)   : %8.1f ms%n", firstMillis());
    System.out.printf("  commits 2-%d, median            : %8.1f ms%n", 1 + ENDS, earlyMedian());
    System.out.printf(
        "  last %d commits, median         : %8.1f ms (%.2fx)%n",
        ENDS, lateMedian(), lateMedian() / earlyMedian());
    System.out.printf(
        "  latency per 1,000 snapshots kept: %8.1f ms (least squares)%n",
        millisPerThousandSnapshots());
    System.out.printf(
        "  metadata.json CPU per commit    : %8.1f ms at the end, %.1f ms more per 1,000 snapshots%n",
        last.metadataMillis(), metadataMillisPerThousandSnapshots());
    System.out.printf("  commits/s (one table, serial)   : %8.2f%n", commitsPerSecond());
    System.out.printf("  files per commit                : %8.2f%n", filesPerCommit());
    System.out.printf(
        "  at the end: %d snapshots, %d data manifests, metadata.json %.0f KiB%n",
        last.snapshots(), last.dataManifests(), last.metadataBytes() / KIB);
  }

  void figures(ResultRecorder results, String run) {
    History last = last();
    String label = " (history " + run + ")";
    results
        .figure("first commit" + label, firstMillis(), "ms", "a cold container's first commit")
        .figure(
            "commit latency, commits 2-" + (1 + ENDS) + label,
            earlyMedian(),
            "ms",
            "median, warm container, young table")
        .figure("commit latency, last " + ENDS + " commits" + label, lateMedian(), "ms", "median")
        .figure(
            "latency growth" + label,
            lateMedian() / earlyMedian(),
            "ratio",
            "last " + ENDS + " / commits 2-" + (1 + ENDS))
        .figure(
            "latency per 1,000 snapshots" + label,
            millisPerThousandSnapshots(),
            "ms",
            "least-squares slope of latency vs snapshots in the table")
        .figure(
            "metadata.json CPU per commit at the end" + label,
            last.metadataMillis(),
            "ms",
            "1 write + 2 reads of the table metadata, in-process, no I/O")
        .figure(
            "metadata.json CPU per 1,000 snapshots" + label,
            metadataMillisPerThousandSnapshots(),
            "ms",
            "least-squares slope: what each retained snapshot adds to every commit")
        .figure("commits per second" + label, commitsPerSecond(), "commits/s", "one table, serial")
        .figure("files per commit" + label, filesPerCommit(), "files", "data files added")
        .figure("snapshots at the end" + label, last.snapshots(), "snapshots", "")
        .figure("data manifests at the end" + label, last.dataManifests(), "manifests", "")
        .figure("metadata.json at the end" + label, last.metadataBytes() / KIB, "KiB", "");
  }

  Series latencyBySnapshots(String name) {
    List<double[]> points = new ArrayList<>();
    for (Sample s : samples) {
      int next = s.commit() + 1;
      if (next < done) {
        points.add(new double[] {s.history().snapshots(), rollingMedian(next)});
      }
    }
    return new Series(name, points);
  }

  Series latencyByCommit(String name) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < done; i++) {
      points.add(new double[] {i + 1, rollingMedian(i)});
    }
    return new Series(name, points);
  }

  Series metadataKib(String name) {
    return new Series(
        name,
        samples.stream()
            .map(s -> new double[] {s.commit() + 1, s.history().metadataBytes() / KIB})
            .toList());
  }

  Series metadataMillis(String name) {
    return new Series(
        name,
        samples.stream()
            .map(s -> new double[] {s.history().snapshots(), s.history().metadataMillis()})
            .toList());
  }

  /** Least-squares slope of metadata.json CPU per commit against snapshots, per 1,000. */
  double metadataMillisPerThousandSnapshots() {
    return slope(
        samples.stream()
            .map(s -> new double[] {s.history().snapshots(), s.history().metadataMillis()})
            .toList());
  }

  Series manifests(String name) {
    return new Series(
        name,
        samples.stream()
            .map(s -> new double[] {s.commit() + 1, s.history().dataManifests()})
            .toList());
  }

  /** Median of the {@value #WINDOW} commits ending at {@code i} (from the second commit on). */
  private double rollingMedian(int i) {
    if (i == 0) {
      return millis[0];
    }
    return median(Math.max(1, i - WINDOW + 1), i + 1);
  }

  private double median(int from, int to) {
    List<Double> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add(millis[i]);
    }
    return values.isEmpty() ? 0 : StageBenchmark.median(values);
  }
}
