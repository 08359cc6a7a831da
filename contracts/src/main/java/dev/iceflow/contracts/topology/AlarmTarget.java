package dev.iceflow.contracts.topology;

import java.util.Optional;

/**
 * What an alarm is instantiated for; each kind names the dimension its metric carries.
 *
 * @param queue the one queue of {@link Kind#QUEUE}, else empty
 */
public record AlarmTarget(Kind kind, Optional<String> queue) {

  private static final String QUEUE_PREFIX = "queue:";

  public enum Kind {
    /** Every redrive DLQ and subscription delivery DLQ (dimension QueueName). */
    DEAD_LETTER_QUEUES("deadLetterQueues", "QueueName"),
    /** Every queue a function consumes (dimension QueueName). */
    CONSUMED_QUEUES("consumedQueues", "QueueName"),
    /** One named queue (dimension QueueName). */
    QUEUE("queue", "QueueName"),
    /** Every function (dimension FunctionName). */
    FUNCTIONS("functions", "FunctionName"),
    /** Every dataset with a data contract (dimension Dataset). */
    DATASETS("datasets", "Dataset"),
    /** The pipeline as a whole (no dimension). */
    PIPELINE("pipeline", null);

    private final String wireName;
    private final String dimension;

    Kind(String wireName, String dimension) {
      this.wireName = wireName;
      this.dimension = dimension;
    }

    public String wireName() {
      return wireName;
    }

    /** The metric's dimension naming the target; empty for the pipeline. */
    public Optional<String> dimension() {
      return Optional.ofNullable(dimension);
    }
  }

  public static AlarmTarget parse(String target) {
    if (target.startsWith(QUEUE_PREFIX)) {
      return new AlarmTarget(Kind.QUEUE, Optional.of(target.substring(QUEUE_PREFIX.length())));
    }
    for (Kind kind : Kind.values()) {
      if (kind != Kind.QUEUE && kind.wireName.equals(target)) {
        return new AlarmTarget(kind, Optional.empty());
      }
    }
    throw new IllegalArgumentException("unknown alarm target " + target);
  }
}
