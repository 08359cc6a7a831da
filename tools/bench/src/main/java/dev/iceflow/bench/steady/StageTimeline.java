package dev.iceflow.bench.steady;

import dev.iceflow.common.tracing.TraceFiles;
import dev.iceflow.ops.trace.OtlpJsonSpans;
import dev.iceflow.ops.trace.TraceSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a batch's time went, from the spans each function writes for its work on the batch's
 * message ({@code traces/<function>.otlp.jsonl} in the run folder): the wait before each stage
 * (queue, poll, the batching window, messages ahead of it in the same invocation) and the time in
 * each stage's handler. The spans are one per stage and message: they have no children for S3, SNS
 * or the catalog, so a stage's time is not split further here.
 */
final class StageTimeline {

  /** The functions of the pipeline, in order, and their span names. */
  static final List<String> STAGES = List.of("validation", "enrichment", "commit");

  /** The segments of a batch's way, in order: a wait, then a stage, per stage. */
  static final List<String> SEGMENTS =
      List.of(
          "ingest queue wait",
          "validation",
          "events hop (SNS+SQS) wait",
          "enrichment",
          "commits hop (SNS FIFO+SQS) wait",
          "commit");

  private static final String BATCH_ID = "iceflow.batch_id";

  /** One stage span of a batch, in epoch millis. */
  record Interval(double startMillis, double endMillis) {
    double millis() {
      return endMillis - startMillis;
    }
  }

  private final Map<String, Map<String, Interval>> byStage;

  private StageTimeline(Map<String, Map<String, Interval>> byStage) {
    this.byStage = byStage;
  }

  /** Reads every stage's spans from the run folder. */
  static StageTimeline read(Path runDirectory) throws IOException {
    Map<String, Map<String, Interval>> byStage = new HashMap<>();
    for (String stage : STAGES) {
      Path file = TraceFiles.of(runDirectory, stage);
      Map<String, Interval> byBatch = new HashMap<>();
      if (Files.isRegularFile(file)) {
        for (TraceSpan span : OtlpJsonSpans.read(List.of(file))) {
          String batch = span.attributes().get(BATCH_ID);
          if (batch != null && stage.equals(span.name()) && span.error() == null) {
            // a redelivered batch has two spans: the one that finished its way counts
            byBatch.put(
                batch, new Interval(span.startEpochNanos() / 1e6, span.endEpochNanos() / 1e6));
          }
        }
      }
      byStage.put(stage, byBatch);
    }
    return new StageTimeline(byStage);
  }

  /**
   * The batch's segments in ms ({@link #SEGMENTS} order), from its publish to the end of its commit
   * span; empty when a stage's span is missing.
   */
  Optional<double[]> segments(PublishedBatch batch) {
    Interval v = byStage.get("validation").get(batch.batchId());
    Interval e = byStage.get("enrichment").get(batch.batchId());
    Interval c = byStage.get("commit").get(batch.batchId());
    if (v == null || e == null || c == null) {
      return Optional.empty();
    }
    return Optional.of(
        new double[] {
          v.startMillis() - batch.publishedAtMillis(),
          v.millis(),
          e.startMillis() - v.endMillis(),
          e.millis(),
          c.startMillis() - e.endMillis(),
          c.millis()
        });
  }

  /**
   * How long {@code stage} was busy in [from, to] (ms): the union of its spans there. Commit spans
   * of batches committed together overlap: the union counts their shared work once.
   */
  double busyMillis(String stage, long fromMillis, long toMillis) {
    List<Interval> spans = new ArrayList<>();
    for (Interval i : byStage.get(stage).values()) {
      double start = Math.max(i.startMillis(), fromMillis);
      double end = Math.min(i.endMillis(), toMillis);
      if (end > start) {
        spans.add(new Interval(start, end));
      }
    }
    spans.sort((a, b) -> Double.compare(a.startMillis(), b.startMillis()));
    double busy = 0;
    double coveredUntil = Double.NEGATIVE_INFINITY;
    for (Interval i : spans) {
      double start = Math.max(i.startMillis(), coveredUntil);
      if (i.endMillis() > start) {
        busy += i.endMillis() - start;
        coveredUntil = i.endMillis();
      }
    }
    return busy;
  }
}
