package dev.iceflow.contracts.dataset;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a dataset may cost per period ({@code budget} in its data contract): cost-guard sends a
 * {@code cost.alert} when the period's spend reaches each alert threshold and, at the hard limit,
 * pauses the dataset with {@code pipeline.control}. Names follow {@code cost.alert} v1 ({@code
 * budgetUsd}, {@code thresholdPercent}) so cost-guard copies them over.
 *
 * <p>Amounts are {@link BigDecimal}: they are money, and a threshold is reached at an exact amount
 * (80 % of 25.00 is 20.00, not 19.999…); a double would move the boundary.
 *
 * @param description why the figure is what it is, for the dataset's owners (required)
 * @param budgetUsd what the dataset may cost in one period, in US dollars (above 0)
 * @param periodicity the budget period; only {@code monthly} (a calendar month in UTC, as {@code
 *     cost.alert}'s period) so far; {@code monthly} when absent
 * @param alertThresholdsPercent percents of {@code budgetUsd} at which cost-guard alerts, strictly
 *     increasing, each one {@code cost.alert} v1 can carry ({@link #ALERTABLE_THRESHOLDS_PERCENT});
 *     {@link #DEFAULT_ALERT_THRESHOLDS_PERCENT} when absent
 * @param hardLimitPercent percent of {@code budgetUsd} at which cost-guard pauses the dataset: at
 *     least the last alert threshold, at most {@link #MAX_HARD_LIMIT_PERCENT}; absent means the
 *     dataset is never paused for cost
 */
public record BudgetSpec(
    String description,
    BigDecimal budgetUsd,
    String periodicity,
    List<Integer> alertThresholdsPercent,
    Integer hardLimitPercent) {

  public static final String PERIODICITY_MONTHLY = "monthly";

  /** The values of {@code cost.alert} v1's {@code thresholdPercent} enum. */
  public static final Set<Integer> ALERTABLE_THRESHOLDS_PERCENT = Set.of(50, 80, 100);

  public static final List<Integer> DEFAULT_ALERT_THRESHOLDS_PERCENT = List.of(50, 80, 100);

  /** Ten times the budget: beyond that a limit no longer guards anything. */
  public static final int MAX_HARD_LIMIT_PERCENT = 1000;

  private static final int PERCENT = 100;

  public BudgetSpec {
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException(
          "budget.description is required: say why the budget is what it is");
    }
    if (budgetUsd == null || budgetUsd.signum() <= 0) {
      throw new IllegalArgumentException(
          "budget.budgetUsd must be above 0, not %s".formatted(budgetUsd));
    }
    periodicity = periodicity == null ? PERIODICITY_MONTHLY : periodicity;
    if (!periodicity.equals(PERIODICITY_MONTHLY)) {
      throw new IllegalArgumentException(
          "budget.periodicity must be '%s' (the only period cost-guard keeps), not '%s'"
              .formatted(PERIODICITY_MONTHLY, periodicity));
    }
    if (alertThresholdsPercent == null) {
      alertThresholdsPercent = DEFAULT_ALERT_THRESHOLDS_PERCENT;
    }
    checkThresholds(alertThresholdsPercent);
    alertThresholdsPercent = List.copyOf(alertThresholdsPercent);
    if (hardLimitPercent != null) {
      int lastThreshold = alertThresholdsPercent.get(alertThresholdsPercent.size() - 1);
      if (hardLimitPercent < lastThreshold || hardLimitPercent > MAX_HARD_LIMIT_PERCENT) {
        throw new IllegalArgumentException(
            "budget.hardLimitPercent must be between the last alert threshold (%d) and %d, not %d"
                .formatted(lastThreshold, MAX_HARD_LIMIT_PERCENT, hardLimitPercent));
      }
    }
  }

  /** {@code percent} of the budget in US dollars, exact. */
  public BigDecimal budgetUsdAt(int percent) {
    return budgetUsd.multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(PERCENT));
  }

  /** The alert thresholds a period's spend has reached (spend at or above), lowest first. */
  public List<Integer> thresholdsReached(BigDecimal spentUsd) {
    requireSpend(spentUsd);
    return alertThresholdsPercent.stream().filter(t -> reached(spentUsd, t)).toList();
  }

  /** The hard limit in US dollars; empty when the dataset is never paused for cost. */
  public Optional<BigDecimal> hardLimitUsd() {
    return Optional.ofNullable(hardLimitPercent).map(this::budgetUsdAt);
  }

  /** Whether a period's spend has reached the hard limit (never, when there is none). */
  public boolean hardLimitReached(BigDecimal spentUsd) {
    requireSpend(spentUsd);
    return hardLimitPercent != null && reached(spentUsd, hardLimitPercent);
  }

  private boolean reached(BigDecimal spentUsd, int percent) {
    return spentUsd.compareTo(budgetUsdAt(percent)) >= 0;
  }

  private static void requireSpend(BigDecimal spentUsd) {
    Objects.requireNonNull(spentUsd, "spentUsd");
    if (spentUsd.signum() < 0) {
      throw new IllegalArgumentException(
          "spend cannot be negative: %s USD".formatted(spentUsd.toPlainString()));
    }
  }

  private static void checkThresholds(List<Integer> thresholds) {
    if (thresholds.isEmpty()) {
      throw new IllegalArgumentException(
          "budget.alertThresholdsPercent must hold at least one threshold (leave it out for %s)"
              .formatted(DEFAULT_ALERT_THRESHOLDS_PERCENT));
    }
    int previous = 0;
    for (Integer threshold : thresholds) {
      if (threshold == null || !ALERTABLE_THRESHOLDS_PERCENT.contains(threshold)) {
        throw new IllegalArgumentException(
            "budget.alertThresholdsPercent may only hold %s (the thresholds cost.alert v1 carries), not %s"
                .formatted(new TreeSet<>(ALERTABLE_THRESHOLDS_PERCENT), threshold));
      }
      if (threshold <= previous) {
        throw new IllegalArgumentException(
            "budget.alertThresholdsPercent must be strictly increasing, not %s"
                .formatted(thresholds));
      }
      previous = threshold;
    }
  }
}
