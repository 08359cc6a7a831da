package dev.iceflow.common.faults;

import java.util.Random;

/**
 * The reproducible yes/no draws of one kind of fault in one process: each arrival at the fault
 * takes the next draw of a sequence fixed by the seed, the fault's name and the process's
 * incarnation. So a seed replays the same faults at the same arrivals, and a process restarted
 * after a crash (another incarnation) draws a sequence of its own rather than crashing at its first
 * arrival forever. A rate of 0 never fires, 1 always does.
 */
public final class FaultDraws {

  private final double rate;
  private final Random random;
  private long arrivals;

  /**
   * @param rate share of arrivals the fault fires at, 0 to 1
   * @param seed the run's fault seed
   * @param fault which fault (a point's name): each has a sequence of its own
   * @param incarnation which process this is (empty outside the local platform)
   */
  public FaultDraws(double rate, long seed, String fault, String incarnation) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "a fault rate is between 0 and 1, %s was %s".formatted(fault, rate));
    }
    this.rate = rate;
    // String.hashCode is specified, so the mix is the same in every JVM
    this.random =
        new Random(seed ^ mix(fault.hashCode()) ^ Long.rotateLeft(mix(incarnation.hashCode()), 17));
  }

  /** Whether the fault fires at this arrival. */
  public synchronized boolean fires() {
    arrivals++;
    return random.nextDouble() < rate;
  }

  /** A fair coin from the same sequence: which variant of a fault that fired. */
  public synchronized boolean coin() {
    return random.nextBoolean();
  }

  /** Arrivals drawn so far, in this process. */
  public synchronized long arrivals() {
    return arrivals;
  }

  public double rate() {
    return rate;
  }

  /** Spreads a 32-bit hash over 64 bits (SplitMix64's finaliser). */
  private static long mix(long value) {
    long z = value * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
