package dev.iceflow.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.prices.PriceTable;
import dev.iceflow.contracts.prices.PriceTables;
import java.math.BigDecimal;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class PricingTest {

  private static final PriceTable US_EAST_1 =
      PriceTables.from(ContractSource.classpath(), Clock.systemUTC()).load("us-east-1");

  @Test
  void usageIsPricedPerServiceAtListPrice_inThePricesOwnUnits() {
    Pricing pricing = new Pricing(US_EAST_1, LambdaArchitecture.X86_64);
    Usage usage =
        Usage.builder()
            .add(Meter.LAMBDA_GB_SECONDS, 1_000_000)
            .add(Meter.LAMBDA_REQUESTS, 2_000_000)
            .add(Meter.SQS_STANDARD_REQUESTS, 1_000_000)
            .add(Meter.S3_PUT_REQUESTS, 1_000)
            .add(Meter.INGESTED_BYTES, 1L << 30)
            .build();

    CostEstimate estimate = pricing.estimate(usage);

    BigDecimal gbSecond = US_EAST_1.price(PriceIds.LAMBDA_COMPUTE_X86).usd();
    BigDecimal perMillionRequests = US_EAST_1.price(PriceIds.LAMBDA_REQUESTS).usd();
    assertThat(estimate.usd(CostService.LAMBDA))
        .isEqualByComparingTo(
            gbSecond
                .multiply(BigDecimal.valueOf(1_000_000))
                .add(perMillionRequests.multiply(BigDecimal.valueOf(2))));
    assertThat(estimate.usd(CostService.SQS))
        .isEqualByComparingTo(US_EAST_1.price(PriceIds.SQS_REQUESTS_STANDARD).usd());
    assertThat(estimate.usd(CostService.S3))
        .isEqualByComparingTo(US_EAST_1.price(PriceIds.S3_REQUESTS_WRITE).usd());
    assertThat(estimate.byService()).doesNotContainKeys(CostService.GLUE, CostService.KMS);
    assertThat(estimate.totalUsd())
        .isEqualByComparingTo(
            estimate
                .usd(CostService.LAMBDA)
                .add(estimate.usd(CostService.SQS))
                .add(estimate.usd(CostService.S3)));
  }

  @Test
  void arm64PricesComputeLower() {
    Usage compute = Usage.builder().add(Meter.LAMBDA_GB_SECONDS, 1_000_000).build();
    assertThat(new Pricing(US_EAST_1, LambdaArchitecture.ARM64).estimate(compute).totalUsd())
        .isLessThan(new Pricing(US_EAST_1, LambdaArchitecture.X86_64).estimate(compute).totalUsd());
  }

  @Test
  void aShareOfUsageScalesEveryMeter() {
    Usage usage = Usage.builder().add(Meter.SNS_REQUESTS, 10).add(Meter.KMS_REQUESTS, 4).build();
    assertThat(usage.times(new BigDecimal("0.25")))
        .isEqualTo(
            Usage.builder()
                .add(Meter.SNS_REQUESTS, new BigDecimal("2.5"))
                .add(Meter.KMS_REQUESTS, 1)
                .build());
  }
}
