package dev.iceflow.ops.status;

/**
 * One queue's counts as SQS reports them (approximate). A dead-letter queue holding anything is a
 * problem: those messages failed their consumer or their delivery and wait for an operator.
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

  public boolean problem() {
    return kind != QueueKind.QUEUE && depth() > 0;
  }

  /** The problem line, when {@link #problem()}. */
  String problemLine() {
    return "%s %s holds %d message(s) (%s)".formatted(kind.wireName(), name, depth(), deadLetterOf);
  }
}
