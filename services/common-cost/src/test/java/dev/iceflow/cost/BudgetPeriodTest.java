package dev.iceflow.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

  private static final BudgetPeriod NOVEMBER = BudgetPeriod.parse("2026-11");

  @Test
  void aPeriodIsTheCalendarMonthInUtc() {
    assertThat(BudgetPeriod.containing(Instant.parse("2026-11-30T23:59:59Z"))).isEqualTo(NOVEMBER);
    assertThat(BudgetPeriod.containing(Instant.parse("2026-12-01T00:00:00Z")))
        .isEqualTo(NOVEMBER.next());
    assertThat(NOVEMBER.start()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(NOVEMBER.end()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
  }

  /** A steady 1 USD a day: 10 USD after 10 days of a 30-day month forecasts 30. */
  @Test
  void theForecastIsTheMonthToDateRateOverTheWholeMonth() {
    for (int day = 1; day <= 29; day++) {
      Instant now = NOVEMBER.start().plusSeconds(day * 86_400L);
      assertThat(NOVEMBER.forecastUsd(BigDecimal.valueOf(day), now))
          .as("day %d", day)
          .isEqualByComparingTo("30");
    }
  }

  @Test
  void theFirstDayIsForecastAsAWholeDay_andTheEndIsTheSpendItself() {
    Instant oneHourIn = NOVEMBER.start().plusSeconds(3600);
    assertThat(NOVEMBER.forecastUsd(BigDecimal.valueOf(2), oneHourIn)).isEqualByComparingTo("60");
    assertThat(NOVEMBER.forecastUsd(BigDecimal.valueOf(42), NOVEMBER.end()))
        .isEqualByComparingTo("42");
  }

  @Test
  void theRemainingFractionRunsFromOneToZero() {
    assertThat(NOVEMBER.remainingFraction(NOVEMBER.start())).isEqualByComparingTo("1");
    assertThat(NOVEMBER.remainingFraction(NOVEMBER.start().plusSeconds(15 * 86_400L)))
        .isEqualByComparingTo("0.5");
    assertThat(NOVEMBER.remainingFraction(NOVEMBER.end().plusSeconds(5))).isEqualByComparingTo("0");
  }
}
