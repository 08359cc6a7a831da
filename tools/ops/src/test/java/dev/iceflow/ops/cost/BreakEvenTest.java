package dev.iceflow.ops.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The break-even arithmetic, against figures worked out by hand. */
class BreakEvenTest {

  private static final BigDecimal FIXED = new BigDecimal("199.1");
  private static final BigDecimal FIREHOSE_PER_GB = new BigDecimal("0.075");

  @Test
  void firehoseIsCheaperAtLowVolume_iceflowAboveTheBreakEven() {
    BreakEven breakEven =
        BreakEven.across(
            FIXED, new BigDecimal("0.01"), BreakEven.VariableBasis.MEASURED, FIREHOSE_PER_GB);

    // 1 GB: 199.1 + 0.01 against 0.075
    BreakEven.Row oneGb = breakEven.rows().get(0);
    assertThat(oneGb.volume()).isEqualTo("1 GB");
    assertThat(oneGb.iceflowUsd().doubleValue()).isCloseTo(199.11, within(1e-9));
    assertThat(oneGb.firehoseUsd().doubleValue()).isCloseTo(0.075, within(1e-9));
    assertThat(oneGb.cheaper()).isEqualTo(BreakEven.Cheaper.FIREHOSE);
    assertThat(oneGb.differenceUsd().doubleValue()).isCloseTo(199.035, within(1e-9));

    // 1 TB = 1024 GB: 199.1 + 10.24 = 209.34 against 76.8
    BreakEven.Row oneTb = breakEven.rows().get(3);
    assertThat(oneTb.volume()).isEqualTo("1 TB");
    assertThat(oneTb.iceflowUsd().doubleValue()).isCloseTo(209.34, within(1e-9));
    assertThat(oneTb.firehoseUsd().doubleValue()).isCloseTo(76.8, within(1e-9));
    assertThat(oneTb.cheaper()).isEqualTo(BreakEven.Cheaper.FIREHOSE);

    // 10 TB = 10240 GB: 199.1 + 102.4 = 301.5 against 768
    BreakEven.Row tenTb = breakEven.rows().get(4);
    assertThat(tenTb.iceflowUsd().doubleValue()).isCloseTo(301.5, within(1e-9));
    assertThat(tenTb.firehoseUsd().doubleValue()).isCloseTo(768, within(1e-9));
    assertThat(tenTb.cheaper()).isEqualTo(BreakEven.Cheaper.ICEFLOW);
    assertThat(tenTb.differenceUsd().doubleValue()).isCloseTo(466.5, within(1e-9));

    // each GB saves 0.065, so 199.1 / 0.065 = 3063.0769... GB pays for the fixed part
    assertThat(breakEven.breakEvenGb()).isPresent();
    assertThat(breakEven.breakEvenGb().get().doubleValue()).isCloseTo(199.1 / 0.065, within(1e-9));
  }

  @Test
  void thereIsNoBreakEven_whenAGbCostsUsAtLeastWhatItCostsOnFirehose() {
    BreakEven breakEven =
        BreakEven.across(
            FIXED, new BigDecimal("0.075"), BreakEven.VariableBasis.ASSUMED, FIREHOSE_PER_GB);

    assertThat(breakEven.breakEvenGb()).isEmpty();
    assertThat(breakEven.rows())
        .extracting(BreakEven.Row::cheaper)
        .containsOnly(BreakEven.Cheaper.FIREHOSE);
  }

  @Test
  void theVolumesRunFromOneGbToTenTb() {
    BreakEven breakEven =
        BreakEven.across(
            BigDecimal.ZERO, BigDecimal.ZERO, BreakEven.VariableBasis.ASSUMED, FIREHOSE_PER_GB);

    assertThat(breakEven.rows())
        .extracting(r -> r.gb().intValueExact())
        .containsExactly(1, 10, 100, 1024, 10240);
  }
}
