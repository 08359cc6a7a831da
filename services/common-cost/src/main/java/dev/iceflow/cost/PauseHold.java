package dev.iceflow.cost;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why some functions are paused: one pause request still in force. A function stays paused while
 * any hold names it.
 *
 * @param holder who holds it: the pause message's id (one hold per request, so a redelivered pause
 *     holds once)
 * @param requestedBy cost-guard's urn or the operator's identity, from pipeline.control
 * @param dataset the dataset whose budget asked for it; null for an operator's pause
 * @param until when it lapses by itself; null: held until a resume
 */
public record PauseHold(
    String holder,
    List<String> functions,
    String reason,
    String requestedBy,
    String dataset,
    Instant since,
    Instant until) {

  public PauseHold {
    Objects.requireNonNull(holder, "holder");
    functions = List.copyOf(functions);
    Objects.requireNonNull(since, "since");
  }

  public boolean lapsedAt(Instant now) {
    return until != null && !now.isBefore(until);
  }

  public Optional<Instant> lapsesAt() {
    return Optional.ofNullable(until);
  }

  /** The same hold without {@code released}; empty when nothing is left. */
  public Optional<PauseHold> without(java.util.Collection<String> released) {
    List<String> left = functions.stream().filter(f -> !released.contains(f)).toList();
    return left.isEmpty()
        ? Optional.empty()
        : Optional.of(new PauseHold(holder, left, reason, requestedBy, dataset, since, until));
  }
}
