package dev.iceflow.ops.trace;

import dev.iceflow.common.tracing.SpanAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.Segment;
import software.amazon.awssdk.services.xray.model.Trace;
import software.amazon.awssdk.services.xray.model.TraceSummary;

/**
 * A batch's spans in X-Ray: GetTraceSummaries filtered on the batch id's annotation finds the
 * traces, BatchGetTraces reads their segments.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html
 */
final class XRayTraces {

  /** BatchGetTraces takes at most this many trace ids per call. */
  static final int TRACES_PER_CALL = 5;

  private final XRayClient xray;

  XRayTraces(XRayClient xray) {
    this.xray = xray;
  }

  /** The filter expression that finds the traces holding a span of {@code batchId}. */
  static String filter(String batchId) {
    String annotation = SpanAttributes.BATCH_ID.getKey().replace('.', '_');
    return "annotation.%s = \"%s\"".formatted(annotation, batchId.replace("\"", "\\\""));
  }

  List<TraceSpan> ofBatch(String batchId, Instant from, Instant to) {
    Set<String> traceIds = new LinkedHashSet<>();
    xray
        .getTraceSummariesPaginator(
            r -> r.startTime(from).endTime(to).filterExpression(filter(batchId)))
        .traceSummaries()
        .stream()
        .map(TraceSummary::id)
        .forEach(traceIds::add);
    List<String> ids = List.copyOf(traceIds);
    List<TraceSpan> spans = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += TRACES_PER_CALL) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + TRACES_PER_CALL));
      for (Trace trace : xray.batchGetTracesPaginator(r -> r.traceIds(chunk)).traces()) {
        for (Segment segment : trace.segments()) {
          spans.addAll(XRaySegments.read(segment.document()));
        }
      }
    }
    return spans;
  }
}
