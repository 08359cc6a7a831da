package dev.iceflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionTest {

  @Test
  void shouldGiveNearestRankPercentiles() {
    Distribution d = Distribution.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0));

    assertThat(d.percentile(50)).isEqualTo(5.0);
    assertThat(d.percentile(95)).isEqualTo(10.0);
    assertThat(d.percentile(10)).isEqualTo(1.0);
    assertThat(d.max()).isEqualTo(10.0);
    assertThat(d.cdf().get(0)).containsExactly(1.0, 0.1);
  }

  @Test
  void shouldFitTheSlopeOfALine() {
    assertThat(
            Distribution.slope(
                List.of(new double[] {0, 1}, new double[] {1, 3}, new double[] {2, 5})))
        .isEqualTo(2.0);
    assertThat(Distribution.of(List.of()).percentile(50)).isNaN();
  }
}
