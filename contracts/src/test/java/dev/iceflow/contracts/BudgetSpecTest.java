package dev.iceflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.dataset.BudgetSpec;
import dev.iceflow.contracts.dataset.DataContract;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetSpecTest {

  private static final Path COST_ALERT_SCHEMA =
      Path.of("messages/cost.alert/v1/schema.json").toAbsolutePath();

  private static final BudgetSpec FLIGHTS_LIKE =
      new BudgetSpec("test", new BigDecimal("25"), "monthly", List.of(50, 80, 100), 150);

  @Test
  void flightsHasAMonthlyBudgetWithAHardLimit() {
    BudgetSpec flights =
        RepositoryContracts.load().requireDataset("flights").budgetOrNone().orElseThrow();
    assertThat(flights.budgetUsd()).isEqualByComparingTo("25");
    assertThat(flights.periodicity()).isEqualTo(BudgetSpec.PERIODICITY_MONTHLY);
    assertThat(flights.alertThresholdsPercent()).containsExactly(50, 80, 100);
    assertThat(flights.hardLimitUsd())
        .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("37.5"));
  }

  @Test
  void aContractWithoutBudgetHasNone() {
    DataContract weather = RepositoryContracts.load().requireDataset("seattle_weather");
    assertThat(weather.budget()).isNull();
    assertThat(weather.budgetOrNone()).isEmpty();
  }

  @Test
  void missingPeriodicityAndThresholdsTakeTheDefaults() throws IOException {
    BudgetSpec budget =
        Contracts.mapper()
            .readValue("{\"description\": \"d\", \"budgetUsd\": 10}", BudgetSpec.class);
    assertThat(budget.periodicity()).isEqualTo("monthly");
    assertThat(budget.alertThresholdsPercent()).containsExactly(50, 80, 100);
    assertThat(budget.hardLimitPercent()).isNull();
    assertThat(budget.hardLimitUsd()).isEmpty();
  }

  @Test
  void budgetAtAPercentIsExact() {
    assertThat(FLIGHTS_LIKE.budgetUsdAt(80)).isEqualByComparingTo("20");
    assertThat(new BudgetSpec("d", new BigDecimal("0.10"), null, null, null).budgetUsdAt(50))
        .isEqualByComparingTo("0.05");
    assertThat(new BudgetSpec("d", new BigDecimal("33.33"), null, null, 1000).budgetUsdAt(150))
        .isEqualByComparingTo("49.995");
  }

  @Test
  void aThresholdIsReachedAtItsExactAmountNotACentBefore() {
    assertThat(FLIGHTS_LIKE.thresholdsReached(new BigDecimal("12.49"))).isEmpty();
    assertThat(FLIGHTS_LIKE.thresholdsReached(new BigDecimal("12.50"))).containsExactly(50);
    assertThat(FLIGHTS_LIKE.thresholdsReached(new BigDecimal("19.99"))).containsExactly(50);
    assertThat(FLIGHTS_LIKE.thresholdsReached(new BigDecimal("20.00"))).containsExactly(50, 80);
    assertThat(FLIGHTS_LIKE.thresholdsReached(new BigDecimal("25"))).containsExactly(50, 80, 100);
    assertThat(FLIGHTS_LIKE.thresholdsReached(new BigDecimal("400"))).containsExactly(50, 80, 100);
    assertThat(FLIGHTS_LIKE.thresholdsReached(BigDecimal.ZERO)).isEmpty();
  }

  @Test
  void theHardLimitIsReachedAtItsPercentOfTheBudget() {
    assertThat(FLIGHTS_LIKE.hardLimitReached(new BigDecimal("37.49"))).isFalse();
    assertThat(FLIGHTS_LIKE.hardLimitReached(new BigDecimal("37.50"))).isTrue();
    assertThat(FLIGHTS_LIKE.hardLimitReached(new BigDecimal("1000"))).isTrue();
  }

  @Test
  void withoutAHardLimitNoSpendPauses() {
    BudgetSpec alertsOnly = new BudgetSpec("d", new BigDecimal("25"), null, null, null);
    assertThat(alertsOnly.hardLimitReached(new BigDecimal("1000000"))).isFalse();
    assertThat(alertsOnly.thresholdsReached(new BigDecimal("1000000")))
        .containsExactly(50, 80, 100);
  }

  @Test
  void shouldRefuseANegativeSpend() {
    assertThatThrownBy(() -> FLIGHTS_LIKE.thresholdsReached(new BigDecimal("-0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spend cannot be negative: -0.01 USD");
  }

  @Test
  void theAlertableThresholdsAreThoseCostAlertCarries() throws IOException {
    JsonNode schema = Contracts.mapper().readTree(COST_ALERT_SCHEMA.toFile());
    Set<Integer> carried = new HashSet<>();
    schema.at("/properties/thresholdPercent/enum").forEach(v -> carried.add(v.intValue()));
    assertThat(carried).isNotEmpty().isEqualTo(BudgetSpec.ALERTABLE_THRESHOLDS_PERCENT);
  }

  @Test
  void shouldRefuseABudgetOfZero() {
    assertThatThrownBy(() -> new BudgetSpec("d", BigDecimal.ZERO, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget.budgetUsd must be above 0, not 0");
  }

  @Test
  void shouldRefuseABudgetWithoutADescription() {
    assertThatThrownBy(() -> new BudgetSpec(" ", BigDecimal.ONE, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget.description is required");
  }

  @Test
  void shouldRefuseAPeriodOtherThanMonthly() {
    assertThatThrownBy(() -> new BudgetSpec("d", BigDecimal.ONE, "weekly", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget.periodicity must be 'monthly'")
        .hasMessageContaining("not 'weekly'");
  }

  @Test
  void shouldRefuseThresholdsOutOfOrderOrRepeated() {
    assertThatThrownBy(() -> new BudgetSpec("d", BigDecimal.ONE, null, List.of(80, 50), null))
        .hasMessageContaining("budget.alertThresholdsPercent must be strictly increasing");
    assertThatThrownBy(() -> new BudgetSpec("d", BigDecimal.ONE, null, List.of(50, 50), null))
        .hasMessageContaining("budget.alertThresholdsPercent must be strictly increasing");
  }

  @Test
  void shouldRefuseAThresholdCostAlertCannotCarry() {
    assertThatThrownBy(() -> new BudgetSpec("d", BigDecimal.ONE, null, List.of(50, 90), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("may only hold [50, 80, 100]")
        .hasMessageContaining("not 90");
  }

  @Test
  void shouldRefuseNoThresholds() {
    assertThatThrownBy(() -> new BudgetSpec("d", BigDecimal.ONE, null, List.of(), null))
        .hasMessageContaining("budget.alertThresholdsPercent must hold at least one threshold");
  }

  @Test
  void shouldRefuseAHardLimitBelowTheLastThresholdOrAboveTheMaximum() {
    assertThatThrownBy(() -> new BudgetSpec("d", BigDecimal.ONE, null, List.of(50, 80), 79))
        .hasMessageContaining(
            "budget.hardLimitPercent must be between the last alert threshold (80) and 1000, not 79");
    assertThatThrownBy(() -> new BudgetSpec("d", BigDecimal.ONE, null, null, 1001))
        .hasMessageContaining("not 1001");
    assertThat(new BudgetSpec("d", BigDecimal.ONE, null, List.of(50, 80), 80).hardLimitPercent())
        .isEqualTo(80);
  }

  @Test
  void shouldRefuseAContractWithABadBudgetSectionWhenLoaded() {
    assertThatThrownBy(
            () ->
                Contracts.mapper()
                    .readValue(
                        "{\"description\": \"d\", \"budgetUsd\": 10, \"periodicity\": \"daily\"}",
                        BudgetSpec.class))
        .hasMessageContaining("budget.periodicity must be 'monthly'");
  }
}
