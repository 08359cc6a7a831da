package dev.iceflow.common.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * One stage's work on one message, current (for the messages it publishes and the log lines it
 * writes) until closed. Closing ends the span and clears the log context; a span is exported when
 * the invocation flushes ({@link Tracing#flush}).
 */
public final class StageSpan implements AutoCloseable {

  private final Span span;
  private final Scope scope;
  private final boolean current;

  /** A span made current in {@code scope}, with its log context set. */
  static StageSpan current(Span span, Scope scope) {
    return new StageSpan(span, scope, true);
  }

  /** A span beside the current one (another batch of the same commit): no scope, no log context. */
  static StageSpan detached(Span span) {
    return new StageSpan(span, Scope.noop(), false);
  }

  private StageSpan(Span span, Scope scope, boolean current) {
    this.span = span;
    this.scope = scope;
    this.current = current;
  }

  /** The batch this work is on: a span attribute and a log field. */
  public StageSpan batch(String batchId) {
    span.setAttribute(SpanAttributes.BATCH_ID, batchId);
    if (current) {
      LogContext.put(LogContext.BATCH_ID, batchId);
    }
    return this;
  }

  /** The dataset, when the message did not say it (as an S3 event's ingest batch does). */
  public StageSpan dataset(String dataset) {
    span.setAttribute(SpanAttributes.DATASET, dataset);
    if (current) {
      LogContext.put(LogContext.DATASET, dataset);
    }
    return this;
  }

  public StageSpan records(long in, long valid, long rejected) {
    span.setAttribute(SpanAttributes.RECORDS_IN, in);
    span.setAttribute(SpanAttributes.RECORDS_VALID, valid);
    span.setAttribute(SpanAttributes.RECORDS_REJECTED, rejected);
    return this;
  }

  public StageSpan files(long files) {
    span.setAttribute(SpanAttributes.FILES, files);
    return this;
  }

  public StageSpan snapshot(long snapshotId) {
    span.setAttribute(SpanAttributes.SNAPSHOT_ID, snapshotId);
    return this;
  }

  public <T> StageSpan attribute(AttributeKey<T> key, T value) {
    span.setAttribute(key, value);
    return this;
  }

  /** Marks the span failed with {@code failure}; the caller still throws it. */
  public StageSpan failed(Throwable failure) {
    span.recordException(failure);
    span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    return this;
  }

  public String traceId() {
    return span.getSpanContext().getTraceId();
  }

  @Override
  public void close() {
    try {
      scope.close();
    } finally {
      span.end();
      if (current) {
        LogContext.clear();
      }
    }
  }
}
