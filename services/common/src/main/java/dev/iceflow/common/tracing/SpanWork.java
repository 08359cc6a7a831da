package dev.iceflow.common.tracing;

/** Work done in a stage span, which it may annotate; what it throws marks the span failed. */
@FunctionalInterface
public interface SpanWork<T, E extends Exception> {

  T run(StageSpan span) throws E;
}
