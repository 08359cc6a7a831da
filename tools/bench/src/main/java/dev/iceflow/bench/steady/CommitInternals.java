package dev.iceflow.bench.steady;

import dev.iceflow.contracts.topology.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the commit stage's own records say about one commit, per level: its CommitLatency (EMF: the
 * whole commit of one invocation's batches), Iceberg's CommitReport (the snapshot's commit: new
 * manifests, manifest list, the catalog swap, retries) and the catalog swap alone (Iceberg's
 * "Successfully committed ... in N ms": the new metadata.json and the JDBC update). The rest of
 * CommitLatency is reading staged files, the ledger and the exactly-once checks. A failed commit
 * (its messages go back to the queue) is counted apart.
 */
record CommitInternals(
    int commits,
    int failedCommits,
    double commitLatencyMs,
    double icebergCommitMs,
    double catalogSwapMs) {

  private static final Pattern REPORT_DURATION =
      Pattern.compile("CommitReport\\{.*?totalDuration=PT([0-9.]+)S");
  private static final Pattern CATALOG_SWAP =
      Pattern.compile("Successfully committed to table \\S+ in (\\d+) ms");

  /** Means over the commit log's lines in [from, to]. */
  static CommitInternals of(List<FunctionLogs.Line> commitLog, long fromMillis, long toMillis) {
    List<Double> latency = new ArrayList<>();
    List<Double> iceberg = new ArrayList<>();
    List<Double> swap = new ArrayList<>();
    int failed = 0;
    for (FunctionLogs.Line line : commitLog) {
      if (line.atMillis() < fromMillis || line.atMillis() > toMillis) {
        continue;
      }
      if (line.isMetrics()) {
        if (!line.json().has(MetricNames.COMMIT_LATENCY)) {
          continue;
        }
        if (line.json().path(MetricNames.COMMIT_FAILURES).asInt() > 0) {
          failed++;
        } else {
          latency.add(line.json().path(MetricNames.COMMIT_LATENCY).asDouble());
        }
        continue;
      }
      Matcher report = REPORT_DURATION.matcher(line.message());
      if (report.find()) {
        iceberg.add(Double.parseDouble(report.group(1)) * 1000);
      }
      Matcher catalog = CATALOG_SWAP.matcher(line.message());
      if (catalog.find()) {
        swap.add(Double.parseDouble(catalog.group(1)));
      }
    }
    return new CommitInternals(latency.size(), failed, mean(latency), mean(iceberg), mean(swap));
  }

  private static double mean(List<Double> values) {
    return values.isEmpty()
        ? Double.NaN
        : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
