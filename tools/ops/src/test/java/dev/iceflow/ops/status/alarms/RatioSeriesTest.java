package dev.iceflow.ops.status.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Terraform's IF(m2 > 0, FILL(m1, 0) / m2, 0), period by period. */
class RatioSeriesTest {

  private static final Instant FIRST = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant SECOND = FIRST.plusSeconds(300);
  private static final Instant THIRD = SECOND.plusSeconds(300);

  @Test
  void shouldDivide_countAMissingNumeratorAs0_andGive0ForA0Denominator() {
    NavigableMap<Instant, Double> rejected = new TreeMap<>();
    rejected.put(FIRST, 10.0);
    rejected.put(THIRD, 4.0); // no records in that period: no ratio either
    NavigableMap<Instant, Double> in = new TreeMap<>();
    in.put(FIRST, 100.0);
    in.put(SECOND, 50.0);

    assertThat(RatioSeries.of(rejected, in))
        .containsExactly(java.util.Map.entry(FIRST, 0.1), java.util.Map.entry(SECOND, 0.0));

    in.put(THIRD, 0.0);
    assertThat(RatioSeries.of(rejected, in)).containsEntry(THIRD, 0.0);
  }
}
