package dev.iceflow.common.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.config.IceflowConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrashPointsTest {

  private static final String ARMED = "commit.after-table-commit";
  private static final String OTHER = "commit.before-response";

  private final List<String> halts = new ArrayList<>();

  @Test
  void shouldHaltAtAnArmedPoint_andNowhereElse() {
    CrashPoints crashes = crashes(Map.of("ICEFLOW_FAULTS_CRASH_AT", ARMED));

    crashes.at(OTHER);
    crashes.at(ARMED);

    assertThat(halts).containsExactly(ARMED);
  }

  @Test
  void shouldArmEveryListedPoint_fromTheEnvironment() {
    CrashPoints crashes =
        crashes(Map.of("ICEFLOW_FAULTS_CRASH_AT", ARMED + "," + OTHER, "ICEFLOW_FAULTS_SEED", "9"));

    crashes.at(ARMED);
    crashes.at(OTHER);

    assertThat(halts).containsExactly(ARMED, OTHER);
  }

  @Test
  void shouldNeverHalt_whenNoPointIsArmed() {
    CrashPoints crashes = crashes(Map.of());

    for (int i = 0; i < 100; i++) {
      crashes.at(ARMED);
    }

    assertThat(halts).isEmpty();
  }

  @Test
  void shouldHaltAtTheArrivalsTheSeededDrawsPick() {
    Map<String, String> environment =
        Map.of(
            "ICEFLOW_FAULTS_CRASH_AT", ARMED,
            "ICEFLOW_FAULTS_CRASH_RATE", "0.25",
            "ICEFLOW_FAULTS_SEED", "1234",
            "ICEFLOW_FAULTS_INCARNATION", "commit#0/3");
    CrashPoints crashes = crashes(environment);
    FaultDraws expected = new FaultDraws(0.25, 1234, ARMED, "commit#0/3");
    List<Integer> expectedArrivals = new ArrayList<>();
    List<Integer> haltedArrivals = new ArrayList<>();

    for (int arrival = 1; arrival <= 100; arrival++) {
      int before = halts.size();
      crashes.at(ARMED);
      if (halts.size() > before) {
        haltedArrivals.add(arrival);
      }
      if (expected.fires()) {
        expectedArrivals.add(arrival);
      }
    }

    assertThat(haltedArrivals).isEqualTo(expectedArrivals).isNotEmpty().hasSizeLessThan(100);
  }

  @Test
  void shouldRefuseACrashRateOutsideZeroToOne() {
    assertThatThrownBy(
            () ->
                crashes(Map.of("ICEFLOW_FAULTS_CRASH_AT", ARMED, "ICEFLOW_FAULTS_CRASH_RATE", "2")))
        .hasMessageContaining(ARMED);
  }

  /** Crash points configured from {@code environment}, halting into {@link #halts}. */
  private CrashPoints crashes(Map<String, String> environment) {
    IceflowConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(IceflowConfig.class)
            .withSources(new EnvConfigSource(environment, 300))
            .build()
            .getConfigMapping(IceflowConfig.class);
    return CrashPoints.from(config.faults(), halts::add);
  }
}
