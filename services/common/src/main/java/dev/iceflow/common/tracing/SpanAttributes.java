package dev.iceflow.common.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes of a stage span. {@code ops trace} finds a batch's spans by {@link #BATCH_ID}, and
 * in AWS the collector indexes it as an X-Ray annotation ({@code iceflow_batch_id}), so the name is
 * shared with terraform/modules/lambda-service's collector config.
 */
public final class SpanAttributes {

  public static final AttributeKey<String> STAGE = AttributeKey.stringKey("iceflow.stage");
  public static final AttributeKey<String> BATCH_ID = AttributeKey.stringKey("iceflow.batch_id");
  public static final AttributeKey<String> DATASET = AttributeKey.stringKey("iceflow.dataset");
  public static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("iceflow.correlation_id");

  /** The envelope id of the message the span handles (OTel messaging semantic conventions). */
  public static final AttributeKey<String> MESSAGE_ID =
      AttributeKey.stringKey("messaging.message.id");

  public static final AttributeKey<Long> RECORDS_IN = AttributeKey.longKey("iceflow.records.in");
  public static final AttributeKey<Long> RECORDS_VALID =
      AttributeKey.longKey("iceflow.records.valid");
  public static final AttributeKey<Long> RECORDS_REJECTED =
      AttributeKey.longKey("iceflow.records.rejected");
  public static final AttributeKey<Long> FILES = AttributeKey.longKey("iceflow.files");
  public static final AttributeKey<Long> SNAPSHOT_ID = AttributeKey.longKey("iceflow.snapshot_id");

  private SpanAttributes() {}
}
