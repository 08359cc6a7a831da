package dev.iceflow.common.messaging;

/**
 * SNS/SQS message attributes every published message carries, so subscription filter policies
 * ({@code contracts/topology.json}) can route on them without reading the body.
 */
public final class MessageAttributeNames {

  /** The envelope's type, e.g. {@code ingest.batch}. */
  public static final String TYPE = "type";

  /** The envelope's MAJOR.MINOR version. */
  public static final String VERSION = "version";

  /** The envelope's dataset. */
  public static final String DATASET = "dataset";

  /** The envelope's correlation id, for tracing one batch through the stages. */
  public static final String CORRELATION_ID = "correlationId";

  /** W3C traceparent, so the consumer's span joins the producer's trace. */
  public static final String TRACEPARENT = "traceparent";

  static final String STRING = "String";

  private MessageAttributeNames() {}
}
