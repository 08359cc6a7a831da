package dev.iceflow.common.envelope;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C Trace Context traceparent values (https://www.w3.org/TR/trace-context/#traceparent-header):
 * {@code 00-<trace-id>-<parent-id>-<flags>}.
 */
public final class TraceContext {

  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final String SAMPLED = "01";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private TraceContext() {}

  /** A new trace: random trace id and span id, sampled. */
  public static String newTrace() {
    return "00-%s-%s-%s".formatted(randomHex(16), randomHex(8), SAMPLED);
  }

  /**
   * A new span in the same trace as {@code parent}; a new trace when parent is absent or malformed.
   */
  public static String childOf(String parent) {
    var m = parent == null ? null : TRACEPARENT.matcher(parent);
    if (m == null || !m.matches()) {
      return newTrace();
    }
    return "00-%s-%s-%s".formatted(m.group(1), randomHex(8), m.group(3));
  }

  /** The trace id of a traceparent, for logs; empty when malformed. */
  public static String traceId(String traceparent) {
    var m = traceparent == null ? null : TRACEPARENT.matcher(traceparent);
    return m != null && m.matches() ? m.group(1) : "";
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }
}
