package dev.iceflow.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PauseHoldsTest {

  private static final Instant NOW = Instant.parse("2026-11-21T09:00:00Z");
  private static final Instant NEXT_MONTH = Instant.parse("2026-12-01T00:00:00Z");

  private static final PauseHold BUDGET =
      new PauseHold(
          "alert-1",
          List.of("validation"),
          "hard limit",
          "urn:iceflow:cost-guard",
          "flights",
          NOW,
          NEXT_MONTH);
  private static final PauseHold OPERATOR =
      new PauseHold(
          "ops-1", List.of("validation", "compaction"), "incident", "jdoe", null, NOW, null);

  @Test
  void aFunctionStaysPausedWhileAnyHoldNamesIt() {
    PauseHolds holds = PauseHolds.NONE.with(BUDGET).with(OPERATOR);

    assertThat(holds.pausedFunctions()).containsExactly("compaction", "validation");
    assertThat(holds.lapsedAt(NEXT_MONTH).pausedFunctions())
        .as("the budget's hold lapses with the month, the operator's stays")
        .containsExactly("compaction", "validation");
    assertThat(holds.lapsedAt(NEXT_MONTH).hold("alert-1")).isEmpty();
  }

  @Test
  void aRedeliveredPauseHoldsOnce() {
    assertThat(PauseHolds.NONE.with(BUDGET).with(BUDGET).holds()).hasSize(1);
  }

  @Test
  void aResumeReleasesItsFunctionsFromEveryHold_andDropsEmptyHolds() {
    PauseHolds holds = PauseHolds.NONE.with(BUDGET).with(OPERATOR).releasing(List.of("validation"));

    assertThat(holds.pausedFunctions()).containsExactly("compaction");
    assertThat(holds.hold("alert-1")).isEmpty();
    assertThat(holds.hold("ops-1").orElseThrow().functions()).containsExactly("compaction");
  }

  @Test
  void aHoldWithoutUntilNeverLapses() {
    assertThat(OPERATOR.lapsedAt(NEXT_MONTH.plusSeconds(86_400 * 365L))).isFalse();
    assertThat(BUDGET.lapsedAt(NEXT_MONTH.minusSeconds(1))).isFalse();
    assertThat(BUDGET.lapsedAt(NEXT_MONTH)).isTrue();
  }
}
