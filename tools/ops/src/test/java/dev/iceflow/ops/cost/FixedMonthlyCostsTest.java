package dev.iceflow.ops.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iceflow.contracts.prices.NetworkFootprint;
import dev.iceflow.contracts.prices.Price;
import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.prices.PriceTable;
import dev.iceflow.contracts.prices.PriceUnit;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The footprint's fixed costs with known prices. */
class FixedMonthlyCostsTest {

  private static final PriceTable TABLE =
      new PriceTable(
          "test-region",
          new NetworkFootprint(
              List.of("sqs", "sns", "kms", "glue"), List.of("s3"), 0, 3, "test footprint"),
          Map.of(
              PriceIds.VPC_INTERFACE_ENDPOINT_HOUR, price("0.02", PriceUnit.AZ_HOUR),
              PriceIds.VPC_GATEWAY_ENDPOINT, price("0", PriceUnit.AZ_HOUR),
              PriceIds.KMS_KEY, price("1.5", PriceUnit.KEY_MONTH)));

  @Test
  void endpointsAreBilledPerAzHour_andKeysPerMonth() {
    FixedMonthlyCosts fixed = FixedMonthlyCosts.of(TABLE, 2);

    // 4 endpoints x 2 AZs x 730 h x 0.02 = 116.8; 3 keys x 1.5 = 4.5; gateways free
    assertThat(fixed.lines())
        .extracting(FixedMonthlyCosts.Line::item)
        .containsExactly("interface-endpoints", "gateway-endpoints", "kms-keys");
    assertThat(fixed.lines().get(0).usd().doubleValue()).isCloseTo(116.8, within(1e-9));
    assertThat(fixed.lines().get(1).usd().doubleValue()).isZero();
    assertThat(fixed.lines().get(2).usd().doubleValue()).isCloseTo(4.5, within(1e-9));
    assertThat(fixed.totalUsd().doubleValue()).isCloseTo(121.3, within(1e-9));
    assertThat(fixed.lines().get(0).what()).contains("4 interface VPC endpoints", "2 AZs", "730 h");
  }

  private static Price price(String usd, PriceUnit unit) {
    return new Price(
        new BigDecimal(usd),
        unit,
        null,
        URI.create("https://example.com/pricing"),
        LocalDate.parse("2025-01-01"),
        null);
  }
}
