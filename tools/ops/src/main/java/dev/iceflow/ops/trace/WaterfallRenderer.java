package dev.iceflow.ops.trace;

import dev.iceflow.common.tracing.SpanAttributes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trace as a text waterfall: per span its start offset from the trace's first span, its duration,
 * its name indented under its parent, a bar on a common time scale, and what it did.
 */
public final class WaterfallRenderer {

  static final int BAR_WIDTH = 40;
  private static final double NANOS_PER_SECOND = 1e9;
  private static final String ROW = "  %9s %9s  %-22s |%s| %s%n";

  public void render(String batchId, List<TraceTree> traces, PrintWriter out) {
    for (TraceTree trace : traces) {
      long start = trace.startEpochNanos();
      long total = Math.max(1, trace.endEpochNanos() - start);
      out.printf(
          "batch %s: trace %s, %d spans over %s%n",
          batchId, trace.traceId(), trace.rows().size(), seconds(total));
      out.printf(ROW, "offset", "duration", "span", " ".repeat(BAR_WIDTH), "attributes");
      for (TraceTree.Row row : trace.rows()) {
        TraceSpan span = row.span();
        out.printf(
            ROW,
            "+" + seconds(span.startEpochNanos() - start),
            seconds(span.durationNanos()),
            "  ".repeat(row.depth()) + span.name(),
            bar(span.startEpochNanos() - start, span.durationNanos(), total),
            describe(span));
      }
      out.println();
    }
    out.flush();
  }

  /** The span's place on the trace's time scale: at least one mark, however short. */
  static String bar(long offset, long duration, long total) {
    int from = (int) Math.min(BAR_WIDTH - 1, offset * BAR_WIDTH / total);
    int length = (int) Math.max(1, Math.min(BAR_WIDTH - from, duration * BAR_WIDTH / total));
    return " ".repeat(from) + "#".repeat(length) + " ".repeat(BAR_WIDTH - from - length);
  }

  private static String describe(TraceSpan span) {
    Map<String, String> a = span.attributes();
    List<String> parts = new ArrayList<>();
    if (span.service() != null) {
      parts.add("service=" + span.service());
    }
    add(parts, "dataset", a.get(SpanAttributes.DATASET.getKey()));
    String in = a.get(SpanAttributes.RECORDS_IN.getKey());
    if (in != null) {
      String valid = a.get(SpanAttributes.RECORDS_VALID.getKey());
      String rejected = a.get(SpanAttributes.RECORDS_REJECTED.getKey());
      parts.add(
          valid == null
              ? "records=" + in
              : "records in=%s valid=%s rejected=%s".formatted(in, valid, rejected));
    }
    add(parts, "files", a.get(SpanAttributes.FILES.getKey()));
    add(parts, "snapshot", a.get(SpanAttributes.SNAPSHOT_ID.getKey()));
    add(parts, "message", a.get(SpanAttributes.MESSAGE_ID.getKey()));
    if (span.error() != null) {
      parts.add("FAILED: " + span.error());
    }
    return String.join(" ", parts);
  }

  private static void add(List<String> parts, String label, String value) {
    if (value != null) {
      parts.add(label + "=" + value);
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3fs", nanos / NANOS_PER_SECOND);
  }
}
