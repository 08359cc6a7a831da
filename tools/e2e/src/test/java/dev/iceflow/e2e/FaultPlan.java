package dev.iceflow.e2e;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What one fault run does, all of it derived from its seed: the load, which faults, and every
 * random choice each fault makes (each from a generator of its own, so adding a fault does not
 * change the others' choices). The same seed makes the same choices again.
 *
 * @param seed printed with every run; re-run it with {@code -Diceflow.faults.seed=<seed>}
 * @param faults the faults injected, together
 * @param batches good ingest batches published
 * @param batchRecords flights per batch
 * @param kills processes the harness kills mid-batch at most (the crash points come on top)
 * @param redeliveryScale the queues' visibility timeouts are scaled by this for failed messages (1
 *     = AWS's timing; the quick run scales commit's 360 s to 18 s so a redelivery still lands after
 *     later batches committed)
 */
record FaultPlan(
    long seed,
    Set<Fault> faults,
    int batches,
    int batchRecords,
    int kills,
    double redeliveryScale) {

  /** Part of the test command: every fault at once, a few minutes at most. */
  static FaultPlan quick(long seed) {
    return new FaultPlan(seed, EnumSet.allOf(Fault.class), 30, 20, 2, 0.05);
  }

  /** The soak: one fault alone, at volume and AWS's redelivery timing. */
  static FaultPlan alone(Fault fault, long seed) {
    return new FaultPlan(seed, EnumSet.of(fault), 200, 50, 10, 1.0);
  }

  /** The soak's last run: every fault at once, at volume and AWS's redelivery timing. */
  static FaultPlan soak(long seed) {
    return new FaultPlan(seed, EnumSet.allOf(Fault.class), 400, 50, 20, 1.0);
  }

  FaultPlan {
    faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
  }

  /**
   * Share of messages delivered twice: a fifth when combined (every fault at once must finish in
   * minutes), every message when the fault runs alone.
   */
  double duplicateShare() {
    return faults.size() == 1 ? 1.0 : 0.2;
  }

  boolean has(Fault fault) {
    return faults.contains(fault);
  }

  /** The generator of one purpose's choices (a fault's name, "load", ...). */
  SplittableRandom random(String purpose) {
    return new SplittableRandom(seed * 31 + purpose.hashCode());
  }

  /** A seed for a mechanism outside the test JVM (a function's crash draws, the proxy's). */
  long seedFor(Fault fault) {
    return random(fault.name()).nextLong();
  }

  String describe() {
    return "seed %d: %s; %d batches of %d flights; up to %d kills; redelivery at %s x the visibility timeout"
        .formatted(seed, faults, batches, batchRecords, kills, redeliveryScale);
  }
}
