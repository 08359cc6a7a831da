package dev.iceflow.ops.status;

/**
 * One queue's counts as SQS reports them (approximate). Whether it is a problem is the topology's
 * alarms' call (dlq-not-empty, ingest-unrouted-not-empty): {@link StatusReport#alarmed}.
 */
public record QueueStatus(
    String queue,
    String name,
    QueueKind kind,
    String deadLetterOf,
    long waiting,
    long inFlight,
    long delayed) {

  public long depth() {
    return waiting + inFlight + delayed;
  }
}
