package dev.iceflow.common.messaging;

/**
 * The SQS message attributes validation puts on what it parks in {@code ingest-unrouted}, shared
 * with the tools on-call reads them with.
 */
public final class UnroutedAttributes {

  /** Why the message was parked: not-json, not-a-json-object, unknown-dataset, ... */
  public static final String REASON = "iceflow.unrouted-reason";

  /** The reason in words, e.g. which datasets this deployment knows. */
  public static final String DETAIL = "iceflow.unrouted-detail";

  /** The ARN of the queue the message was received from. */
  public static final String SOURCE = "iceflow.unrouted-source";

  private UnroutedAttributes() {}
}
