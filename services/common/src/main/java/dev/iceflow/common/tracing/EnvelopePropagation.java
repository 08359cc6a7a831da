package dev.iceflow.common.tracing;

import dev.iceflow.common.envelope.Envelope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries trace context in the envelope's {@code traceparent}/{@code tracestate} fields with
 * OpenTelemetry's W3C propagator, so a consumer's span joins the trace of the message it handles,
 * and what it publishes joins its span.
 */
public final class EnvelopePropagation {

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  private static final W3CTraceContextPropagator PROPAGATOR =
      W3CTraceContextPropagator.getInstance();
  private static final IdGenerator IDS = SnapStartSafeIds.INSTANCE;

  private static final TextMapGetter<Envelope> ENVELOPE =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Envelope envelope) {
          return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Envelope envelope, String key) {
          if (envelope == null) {
            return null;
          }
          return switch (key) {
            case TRACEPARENT -> envelope.traceparent();
            case TRACESTATE -> envelope.tracestate();
            default -> null;
          };
        }
      };

  private static final TextMapSetter<Map<String, String>> FIELDS = Map::put;

  private EnvelopePropagation() {}

  /**
   * The context {@code envelope} was sent in: its span as the (remote) parent. The root context
   * when the envelope carries no valid traceparent, so a span started in it begins a new trace.
   */
  public static Context extract(Envelope envelope) {
    return PROPAGATOR.extract(Context.root(), envelope, ENVELOPE);
  }

  /** The span context {@code envelope} was sent in; invalid when it carries none. */
  public static SpanContext spanContext(Envelope envelope) {
    return Span.fromContext(extract(envelope)).getSpanContext();
  }

  /** The fields that send a message in {@code context}'s span; null fields when it has none. */
  public static TraceFields inject(Context context) {
    Map<String, String> fields = new HashMap<>();
    PROPAGATOR.inject(context, fields, FIELDS);
    return new TraceFields(fields.get(TRACEPARENT), fields.get(TRACESTATE));
  }

  /**
   * The fields of a message caused by {@code cause}: sent in the current span when it belongs to
   * the cause's trace (the stage span handling it), else in the cause's own context (no span
   * recorded here, or one of another trace, as when one commit serves several batches), else a new
   * trace.
   */
  public static TraceFields derivedFrom(Envelope cause) {
    SpanContext current = Span.current().getSpanContext();
    SpanContext parent = spanContext(cause);
    if (current.isValid()
        && (!parent.isValid() || current.getTraceId().equals(parent.getTraceId()))) {
      return inject(Context.current());
    }
    if (parent.isValid()) {
      return new TraceFields(cause.traceparent(), cause.tracestate());
    }
    return newTrace();
  }

  /**
   * The fields of a message no earlier message caused: sent in the current span when there is one
   * (a stage span), else the start of a new trace.
   */
  public static TraceFields originating() {
    return Span.current().getSpanContext().isValid() ? inject(Context.current()) : newTrace();
  }

  /** A new sampled trace whose first span is the sender's (a span no one records). */
  static TraceFields newTrace() {
    SpanContext root =
        SpanContext.create(
            IDS.generateTraceId(),
            IDS.generateSpanId(),
            TraceFlags.getSampled(),
            TraceState.getDefault());
    return inject(Context.root().with(Span.wrap(root)));
  }
}
