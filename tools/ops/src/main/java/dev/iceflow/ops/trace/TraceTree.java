package dev.iceflow.ops.trace;

import dev.iceflow.common.tracing.SpanAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trace's spans in waterfall order: each span after its parent, children by start time; a span
 * whose parent is not among them (the upstream's, or one lost) is a root.
 */
public record TraceTree(String traceId, List<Row> rows) {

  /** A span at its depth below its root. */
  public record Row(TraceSpan span, int depth) {}

  /** The traces that hold a span of {@code batchId}, in order of their first span. */
  public static List<TraceTree> ofBatch(List<TraceSpan> spans, String batchId) {
    Set<String> traceIds = new LinkedHashSet<>();
    spans.stream()
        .filter(s -> batchId.equals(s.attributes().get(SpanAttributes.BATCH_ID.getKey())))
        .sorted(Comparator.comparingLong(TraceSpan::startEpochNanos))
        .forEach(s -> traceIds.add(s.traceId()));
    return traceIds.stream()
        .map(id -> of(id, spans.stream().filter(s -> s.traceId().equals(id)).toList()))
        .toList();
  }

  static TraceTree of(String traceId, List<TraceSpan> spans) {
    Map<String, TraceSpan> byId = new LinkedHashMap<>();
    spans.forEach(s -> byId.putIfAbsent(s.spanId(), s));
    Map<String, List<TraceSpan>> children = new LinkedHashMap<>();
    List<TraceSpan> roots = new ArrayList<>();
    for (TraceSpan span : byId.values()) {
      if (span.parentSpanId() != null && byId.containsKey(span.parentSpanId())) {
        children.computeIfAbsent(span.parentSpanId(), p -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    List<Row> rows = new ArrayList<>();
    byStart(roots).forEach(root -> walk(root, 0, children, rows));
    return new TraceTree(traceId, rows);
  }

  private static void walk(
      TraceSpan span, int depth, Map<String, List<TraceSpan>> children, List<Row> rows) {
    rows.add(new Row(span, depth));
    byStart(children.getOrDefault(span.spanId(), List.of()))
        .forEach(child -> walk(child, depth + 1, children, rows));
  }

  private static List<TraceSpan> byStart(List<TraceSpan> spans) {
    return spans.stream().sorted(Comparator.comparingLong(TraceSpan::startEpochNanos)).toList();
  }

  public long startEpochNanos() {
    return rows.stream().mapToLong(r -> r.span().startEpochNanos()).min().orElse(0);
  }

  public long endEpochNanos() {
    return rows.stream().mapToLong(r -> r.span().endEpochNanos()).max().orElse(0);
  }
}
