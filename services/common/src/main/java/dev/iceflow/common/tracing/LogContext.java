package dev.iceflow.common.tracing;

import org.jboss.logging.MDC;

/**
 * The MDC keys every log line of a handled message carries (JSON logging prints them under {@code
 * mdc}), so a batch's lines are found by batch id, correlation id or trace id.
 */
public final class LogContext {

  public static final String CORRELATION_ID = "correlationId";
  public static final String BATCH_ID = "batchId";
  public static final String DATASET = "dataset";
  public static final String TRACE_ID = "traceId";
  public static final String SPAN_ID = "spanId";

  private static final String[] KEYS = {CORRELATION_ID, BATCH_ID, DATASET, TRACE_ID, SPAN_ID};

  private LogContext() {}

  /** Sets {@code key}; a null value removes it (MDC holds no nulls). */
  static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Removes every key this class sets, when a message is done. */
  static void clear() {
    for (String key : KEYS) {
      MDC.remove(key);
    }
  }
}
