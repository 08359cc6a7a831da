package dev.iceflow.common.tracing;

/**
 * The W3C Trace Context fields a message carries (https://www.w3.org/TR/trace-context/): {@code
 * traceparent} names the trace and the span that sent the message, {@code tracestate} (may be null)
 * vendor data that travels with it.
 */
public record TraceFields(String traceparent, String tracestate) {}
