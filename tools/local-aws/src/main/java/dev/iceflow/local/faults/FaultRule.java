package dev.iceflow.local.faults;

import dev.iceflow.common.aws.EmulatorCredentials;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which calls a {@link FaultProxy} may fail or slow, and how. A rule applies only to calls signed
 * by one of its access keys (a function's own, {@code LocalAws.functionCredentials(fn)}) for one of
 * its services, so the platform's polling, the operator's and the tests' calls pass untouched. For
 * the n-th call it applies to, the decision depends only on {@code seed} and n: a rule injected
 * again with the same seed fails and slows the same calls of the same sequence.
 *
 * @param name identifies the rule in the proxy (injecting a rule of the same name replaces it, and
 *     starts its sequence and counts over) and in the fault log
 * @param accessKeyIds the callers it applies to
 * @param services the services it applies to
 * @param failFraction of the calls it applies to, the share answered 500 or 503 without reaching
 *     the emulator
 * @param internalErrorShare of the failed calls, the share answered 500; the rest get 503
 * @param slowFraction of the calls not failed, the share the emulator handles at once but whose
 *     answer leaves only after {@code delay}
 * @param delay how late a slowed call is answered
 * @param seed seeds the rule's decisions
 */
public record FaultRule(
    String name,
    Set<String> accessKeyIds,
    Set<FaultService> services,
    double failFraction,
    double internalErrorShare,
    double slowFraction,
    Duration delay,
    long seed) {

  /** What the proxy accepts in a path segment. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /** By default a failure is a 500 or a 503, half each. */
  public static final double INTERNAL_ERROR_SHARE_DEFAULT = 0.5;

  public FaultRule {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a fault rule's name is letters, digits, '.', '_' and '-', was '%s'".formatted(name));
    }
    if (accessKeyIds.isEmpty() || services.isEmpty()) {
      throw new IllegalArgumentException(
          "fault rule %s names no access key or no service: it would apply to nothing"
              .formatted(name));
    }
    requireFraction(name, "failFraction", failFraction);
    requireFraction(name, "internalErrorShare", internalErrorShare);
    requireFraction(name, "slowFraction", slowFraction);
    if (delay.isNegative() || (slowFraction > 0 && delay.isZero())) {
      throw new IllegalArgumentException(
          "fault rule %s slows calls by %s: a slow rule needs a positive delay"
              .formatted(name, delay));
    }
    accessKeyIds = Set.copyOf(accessKeyIds);
    services = Set.copyOf(services);
  }

  public static Builder builder(String name, long seed) {
    return new Builder(name, seed);
  }

  private static void requireFraction(String rule, String label, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          "fault rule %s: %s must be within [0, 1], was %s".formatted(rule, label, value));
    }
  }

  /** Builds a rule; by default it applies to S3 and SNS and neither fails nor slows anything. */
  public static final class Builder {

    private final String name;
    private final long seed;
    private final Set<String> accessKeyIds = new LinkedHashSet<>();
    private Set<FaultService> services = EnumSet.allOf(FaultService.class);
    private double failFraction;
    private double internalErrorShare = INTERNAL_ERROR_SHARE_DEFAULT;
    private double slowFraction;
    private Duration delay = Duration.ZERO;

    private Builder(String name, long seed) {
      this.name = name;
      this.seed = seed;
    }

    /** Applies to calls signed with {@code credentials} (e.g. a function's). */
    public Builder signedBy(EmulatorCredentials credentials) {
      return signedBy(credentials.accessKeyId());
    }

    public Builder signedBy(String accessKeyId) {
      accessKeyIds.add(accessKeyId);
      return this;
    }

    /** Applies to these services only (by default S3 and SNS). */
    public Builder services(FaultService first, FaultService... more) {
      services = EnumSet.of(first, more);
      return this;
    }

    /**
     * Fails {@code fraction} of the calls, half 500 and half 503 unless {@link #internalErrors}.
     */
    public Builder failing(double fraction) {
      failFraction = fraction;
      return this;
    }

    /** Of the failed calls, {@code share} get 500 (1: all 500, 0: all 503). */
    public Builder internalErrors(double share) {
      internalErrorShare = share;
      return this;
    }

    /** Answers {@code fraction} of the calls not failed {@code by} late. */
    public Builder slow(double fraction, Duration by) {
      slowFraction = fraction;
      delay = by;
      return this;
    }

    public FaultRule build() {
      return new FaultRule(
          name,
          accessKeyIds,
          services,
          failFraction,
          internalErrorShare,
          slowFraction,
          delay,
          seed);
    }
  }
}
