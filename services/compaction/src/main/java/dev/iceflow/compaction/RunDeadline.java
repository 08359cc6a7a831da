package dev.iceflow.compaction;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the invocation ends, less the time kept back for finishing: a file group is started only
 * when it would be done by then, so the run stops between groups instead of being killed inside one
 * (which would leave its written files for orphan removal and the messages to time out).
 */
public final class RunDeadline {

  private final Instant finishBy;
  private final Clock clock;

  private RunDeadline(Instant finishBy, Clock clock) {
    this.finishBy = finishBy;
    this.clock = clock;
  }

  /**
   * From the Lambda context's remaining time; from {@code budget} when there is no context or it
   * knows no deadline (Quarkus' mock event server sends none, so the context reports 0 or less).
   */
  public static RunDeadline of(Context context, CompactionConfig config, Clock clock) {
    long remainingMs = context == null ? 0 : context.getRemainingTimeInMillis();
    Duration remaining =
        remainingMs > 0 ? Duration.ofMillis(remainingMs) : config.budgetWithoutDeadline();
    return new RunDeadline(clock.instant().plus(remaining).minus(config.finishReserve()), clock);
  }

  /** A deadline {@code budget} from now, for a run started outside a Lambda invocation. */
  public static RunDeadline after(Duration budget, Clock clock) {
    return new RunDeadline(clock.instant().plus(budget), clock);
  }

  /** Whether work expected to take {@code expected} would be done before the deadline. */
  public boolean allows(Duration expected) {
    return !clock.instant().plus(expected).isAfter(finishBy);
  }

  public Duration remaining() {
    return Duration.between(clock.instant(), finishBy);
  }
}
