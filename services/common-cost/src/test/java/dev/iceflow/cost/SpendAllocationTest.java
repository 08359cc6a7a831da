package dev.iceflow.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.prices.PriceTables;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpendAllocationTest {

  private static final SpendAllocation ALLOCATION =
      new SpendAllocation(
          new Pricing(
              PriceTables.from(ContractSource.classpath(), Clock.systemUTC()).load("us-east-1"),
              LambdaArchitecture.X86_64));

  private static final Usage SHARED =
      Usage.builder().add(Meter.LAMBDA_GB_SECONDS, 1000).add(Meter.LAMBDA_REQUESTS, 400).build();

  @Test
  void sharedUsageIsSharedByIngestedBytes() {
    Map<String, Usage> own =
        Map.of(
            "flights",
                Usage.builder()
                    .add(Meter.INGESTED_BYTES, 300)
                    .add(Meter.INGESTED_RECORDS, 1)
                    .build(),
            "weather",
                Usage.builder()
                    .add(Meter.INGESTED_BYTES, 100)
                    .add(Meter.INGESTED_RECORDS, 99)
                    .build());

    SpendAllocation.Allocated result = ALLOCATION.allocate(own, SHARED);

    DatasetSpend flights = result.datasets().get("flights");
    assertThat(flights.share()).isEqualByComparingTo("0.75");
    assertThat(flights.allocated().get(Meter.LAMBDA_GB_SECONDS)).isEqualByComparingTo("750");
    assertThat(result.datasets().get("weather").allocated().get(Meter.LAMBDA_REQUESTS))
        .isEqualByComparingTo("100");
    assertThat(flights.spentUsd()).isGreaterThan(result.datasets().get("weather").spentUsd());
    assertThat(result.unattributed()).isEqualTo(Usage.NONE);
  }

  @Test
  void byRecordsWhenNoBytesWereCounted_andUnattributedWhenNoVolumeAtAll() {
    Map<String, Usage> byRecords =
        Map.of(
            "a", Usage.builder().add(Meter.INGESTED_RECORDS, 1).build(),
            "b", Usage.builder().add(Meter.INGESTED_RECORDS, 3).build());
    assertThat(ALLOCATION.allocate(byRecords, SHARED).datasets().get("b").share())
        .isEqualByComparingTo("0.75");

    Map<String, Usage> noVolume = Map.of("a", Usage.builder().add(Meter.SNS_REQUESTS, 5).build());
    SpendAllocation.Allocated result = ALLOCATION.allocate(noVolume, SHARED);
    assertThat(result.datasets().get("a").share()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(result.unattributed()).isEqualTo(SHARED);
  }
}
