package dev.iceflow.ops.trace;

import java.util.Map;

/**
 * One span as {@code ops trace} shows it, from OTLP JSON or an X-Ray segment.
 *
 * @param parentSpanId null for a span whose parent is outside the data (an upstream's)
 * @param attributes values as text, by OTel attribute key ({@code iceflow.batch_id}, ...)
 * @param error the failure's description; null when the span succeeded
 */
public record TraceSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String service,
    long startEpochNanos,
    long endEpochNanos,
    Map<String, String> attributes,
    String error) {

  public TraceSpan {
    attributes = Map.copyOf(attributes);
  }

  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }
}
