package dev.iceflow.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** A budget period: a calendar month in UTC, as cost.alert's period ({@code YYYY-MM}). */
public record BudgetPeriod(YearMonth month) {

  /**
   * The shortest stretch a month-to-date rate is taken over: the rate of a month's first minutes
   * says little (one backfill would forecast a fortune), so the first day is treated as a whole
   * day.
   */
  public static final Duration SHORTEST_RATE_WINDOW = Duration.ofDays(1);

  public static BudgetPeriod containing(Instant instant) {
    return new BudgetPeriod(YearMonth.from(instant.atZone(ZoneOffset.UTC)));
  }

  public static BudgetPeriod parse(String key) {
    return new BudgetPeriod(YearMonth.parse(key));
  }

  /** {@code 2026-11}. */
  public String key() {
    return month.toString();
  }

  public Instant start() {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public Instant end() {
    return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public Duration length() {
    return Duration.between(start(), end());
  }

  public BudgetPeriod next() {
    return new BudgetPeriod(month.plusMonths(1));
  }

  /** Share of the period from {@code instant} to its end (1 at the start, 0 at the end). */
  public BigDecimal remainingFraction(Instant instant) {
    Instant clamped =
        instant.isBefore(start()) ? start() : instant.isAfter(end()) ? end() : instant;
    return seconds(Duration.between(clamped, end()))
        .divide(seconds(length()), MathContext.DECIMAL64);
  }

  /**
   * The period's spend at the month-to-date rate: {@code spentUsd} over the time elapsed at {@code
   * now} (at least {@link #SHORTEST_RATE_WINDOW}), times the period's length. At or after the end,
   * the spend itself.
   */
  public BigDecimal forecastUsd(BigDecimal spentUsd, Instant now) {
    if (!now.isBefore(end())) {
      return spentUsd;
    }
    Duration elapsed = Duration.between(start(), now);
    if (elapsed.compareTo(SHORTEST_RATE_WINDOW) < 0) {
      elapsed = SHORTEST_RATE_WINDOW;
    }
    return spentUsd.multiply(seconds(length())).divide(seconds(elapsed), MathContext.DECIMAL64);
  }

  private static BigDecimal seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toSeconds());
  }

  @Override
  public String toString() {
    return key();
  }
}
