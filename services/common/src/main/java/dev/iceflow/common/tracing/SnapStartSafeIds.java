package dev.iceflow.common.tracing;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.security.SecureRandom;

/**
 * Trace and span ids from SecureRandom. The SDK's default generator draws from ThreadLocalRandom,
 * whose state SnapStart would restore alike into every execution environment resumed from one
 * snapshot, so they would draw the same ids; SecureRandom is reseeded on restore.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html
 */
final class SnapStartSafeIds implements IdGenerator {

  static final SnapStartSafeIds INSTANCE = new SnapStartSafeIds();

  private final SecureRandom random = new SecureRandom();

  private SnapStartSafeIds() {}

  @Override
  public String generateSpanId() {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return SpanId.fromLong(id);
  }

  @Override
  public String generateTraceId() {
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    return TraceId.fromLongs(high, low);
  }
}
