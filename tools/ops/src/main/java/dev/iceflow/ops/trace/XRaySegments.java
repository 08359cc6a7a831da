package dev.iceflow.ops.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.common.tracing.SpanAttributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads X-Ray segment documents
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html) as the
 * collector's awsxray exporter writes our spans: the attributes it was told to index are
 * annotations with '.' turned to '_' (iceflow_batch_id), the others metadata in the {@code default}
 * namespace; subsegments are spans under their segment.
 */
final class XRaySegments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA_NAMESPACE = "default";
  private static final int NANO_DIGITS = 9;

  /** Our attribute keys by their annotation key. */
  private static final Map<String, String> ANNOTATED =
      Stream.of(
              SpanAttributes.BATCH_ID,
              SpanAttributes.DATASET,
              SpanAttributes.STAGE,
              SpanAttributes.CORRELATION_ID,
              SpanAttributes.MESSAGE_ID,
              SpanAttributes.RECORDS_IN,
              SpanAttributes.RECORDS_VALID,
              SpanAttributes.RECORDS_REJECTED,
              SpanAttributes.FILES,
              SpanAttributes.SNAPSHOT_ID)
          .map(k -> k.getKey())
          .collect(
              LinkedHashMap::new, (m, k) -> m.put(k.replace('.', '_'), k), LinkedHashMap::putAll);

  private XRaySegments() {}

  /** The spans of one segment document: the segment and its subsegments, depth first. */
  static List<TraceSpan> read(String document) {
    try {
      JsonNode segment = JSON.readTree(document);
      List<TraceSpan> spans = new ArrayList<>();
      add(segment, segment.path("trace_id").asText(), segment.path("parent_id").asText(""), spans);
      return spans;
    } catch (IOException e) {
      throw new UncheckedIOException("an X-Ray segment document is no JSON", e);
    }
  }

  /** X-Ray's 1-<8 hex epoch>-<24 hex> as the 32 hex digits of the W3C trace id it stands for. */
  static String w3cTraceId(String xrayTraceId) {
    String[] parts = xrayTraceId.split("-");
    return parts.length == 3 ? parts[1] + parts[2] : xrayTraceId;
  }

  private static void add(
      JsonNode segment, String traceId, String parentId, List<TraceSpan> spans) {
    Map<String, String> attributes = new LinkedHashMap<>();
    segment
        .path("metadata")
        .path(METADATA_NAMESPACE)
        .fields()
        .forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
    segment
        .path("annotations")
        .fields()
        .forEachRemaining(
            f ->
                attributes.put(
                    ANNOTATED.getOrDefault(f.getKey(), f.getKey()), f.getValue().asText()));
    String id = segment.path("id").asText();
    spans.add(
        new TraceSpan(
            w3cTraceId(traceId),
            id,
            parentId.isEmpty() ? null : parentId,
            attributes.getOrDefault(SpanAttributes.STAGE.getKey(), segment.path("name").asText()),
            segment.path("name").asText(),
            nanos(segment.path("start_time")),
            nanos(segment.path("end_time")),
            attributes,
            error(segment)));
    for (JsonNode subsegment : segment.path("subsegments")) {
      add(subsegment, traceId, id, spans);
    }
  }

  private static String error(JsonNode segment) {
    if (!segment.path("fault").asBoolean() && !segment.path("error").asBoolean()) {
      return null;
    }
    JsonNode exceptions = segment.path("cause").path("exceptions");
    return exceptions.isArray() && !exceptions.isEmpty()
        ? exceptions.get(0).path("message").asText("failed")
        : "failed";
  }

  /** Epoch seconds with a fraction as nanoseconds, in decimal (a double would round them). */
  private static long nanos(JsonNode seconds) {
    return seconds.decimalValue().movePointRight(NANO_DIGITS).longValue();
  }
}
