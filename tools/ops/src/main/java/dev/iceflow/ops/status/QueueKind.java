package dev.iceflow.ops.status;

/** What a queue of the topology is for; its wire name is a field value of the --json report. */
public enum QueueKind {
  /** A function's input queue (or a parking queue). */
  QUEUE("queue"),
  /** Where a queue's messages go after their receives ran out (the queue's RedrivePolicy). */
  DEAD_LETTER("dead-letter"),
  /** Where SNS puts what it could not deliver to a subscription's queue. */
  DELIVERY_DEAD_LETTER("delivery-dead-letter"),
  /** Where a stage parks what it cannot route (ingest-unrouted), each message with its reason. */
  PARKING("parking");

  private final String wireName;

  QueueKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
