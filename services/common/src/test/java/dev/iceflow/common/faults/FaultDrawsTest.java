package dev.iceflow.common.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultDrawsTest {

  private static final int DRAWS = 200;

  @Test
  void shouldDrawTheSameSequence_forTheSameSeedFaultAndProcess() {
    List<Boolean> first = draws(new FaultDraws(0.3, 42, "commit.after-table-commit", "commit#0/1"));
    List<Boolean> again = draws(new FaultDraws(0.3, 42, "commit.after-table-commit", "commit#0/1"));

    assertThat(again).isEqualTo(first);
    assertThat(first).as("a rate of 0.3 fires at some arrivals, not all").contains(true, false);
  }

  @Test
  void shouldDrawAnotherSequence_forAnotherSeedFaultOrProcess() {
    List<Boolean> base = draws(new FaultDraws(0.5, 42, "commit.after-table-commit", "commit#0/1"));

    assertThat(draws(new FaultDraws(0.5, 43, "commit.after-table-commit", "commit#0/1")))
        .isNotEqualTo(base);
    assertThat(draws(new FaultDraws(0.5, 42, "commit.before-response", "commit#0/1")))
        .isNotEqualTo(base);
    assertThat(draws(new FaultDraws(0.5, 42, "commit.after-table-commit", "commit#0/2")))
        .as("a restarted process does not replay the crashed one's draws")
        .isNotEqualTo(base);
  }

  @Test
  void shouldNeverFire_atRateZero_andAlwaysFire_atRateOne() {
    assertThat(draws(new FaultDraws(0, 7, "p", ""))).containsOnly(false);
    assertThat(draws(new FaultDraws(1, 7, "p", ""))).containsOnly(true);
  }

  @Test
  void shouldCountArrivals() {
    FaultDraws draws = new FaultDraws(0.5, 7, "p", "");

    draws(draws);

    assertThat(draws.arrivals()).isEqualTo(DRAWS);
  }

  @Test
  void shouldRefuseARateOutsideZeroToOne() {
    assertThatThrownBy(() -> new FaultDraws(1.5, 7, "p", "")).hasMessageContaining("1.5");
    assertThatThrownBy(() -> new FaultDraws(-0.1, 7, "p", "")).hasMessageContaining("-0.1");
    assertThatThrownBy(() -> new FaultDraws(Double.NaN, 7, "p", "")).hasMessageContaining("NaN");
  }

  private static List<Boolean> draws(FaultDraws draws) {
    List<Boolean> fired = new ArrayList<>();
    for (int i = 0; i < DRAWS; i++) {
      fired.add(draws.fires());
    }
    return fired;
  }
}
