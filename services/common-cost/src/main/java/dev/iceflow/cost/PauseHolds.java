package dev.iceflow.cost;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pause holds in force, as one versioned ledger item: written with a condition on the version
 * it was read at, so two writers never overwrite each other's holds.
 */
public record PauseHolds(long version, List<PauseHold> holds) {

  public static final PauseHolds NONE = new PauseHolds(0, List.of());

  public PauseHolds {
    holds = List.copyOf(holds);
  }

  /** Every function some hold names. */
  public Set<String> pausedFunctions() {
    Set<String> paused = new TreeSet<>();
    holds.forEach(h -> paused.addAll(h.functions()));
    return paused;
  }

  public Optional<PauseHold> hold(String holder) {
    return holds.stream().filter(h -> h.holder().equals(holder)).findFirst();
  }

  /** With {@code hold} added, or unchanged when its holder already holds (a redelivery). */
  public PauseHolds with(PauseHold hold) {
    if (hold(hold.holder()).isPresent()) {
      return this;
    }
    List<PauseHold> next = new ArrayList<>(holds);
    next.add(hold);
    return new PauseHolds(version, next);
  }

  /** With {@code functions} released from every hold (an explicit resume overrides them all). */
  public PauseHolds releasing(Collection<String> functions) {
    return new PauseHolds(
        version, holds.stream().flatMap(h -> h.without(functions).stream()).toList());
  }

  /** Without the holds that lapsed at {@code now}. */
  public PauseHolds lapsedAt(Instant now) {
    return new PauseHolds(version, holds.stream().filter(h -> !h.lapsedAt(now)).toList());
  }
}
