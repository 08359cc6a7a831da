package dev.iceflow.ops.cost;

import dev.iceflow.contracts.prices.NetworkFootprint;
import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.prices.PriceTable;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the deployment costs a month whatever the traffic, from the price table's footprint (the
 * Terraform network and kms modules' defaults): paid by no dataset, so in no budget.
 */
public record FixedMonthlyCosts(List<Line> lines) {

  /**
   * Hours AWS prices a month at (365 × 24 / 12 ≈ 730, the pricing pages' and the Pricing
   * Calculator's convention).
   */
  public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

  public FixedMonthlyCosts {
    lines = List.copyOf(lines);
  }

  /**
   * One fixed cost: {@code quantity} of what {@code priceId} prices, at {@code unitUsd} each.
   *
   * @param item a stable name for the line (JSON)
   * @param what what is counted, in words
   */
  public record Line(
      String item, String what, BigDecimal quantity, String priceId, BigDecimal unitUsd) {

    public BigDecimal usd() {
      return unitUsd.multiply(quantity);
    }
  }

  /** The footprint's fixed costs with interface and gateway endpoints placed in {@code azs} AZs. */
  public static FixedMonthlyCosts of(PriceTable prices, int azs) {
    NetworkFootprint footprint = prices.footprint();
    BigDecimal azHours = BigDecimal.valueOf(azs).multiply(HOURS_PER_MONTH);
    return new FixedMonthlyCosts(
        List.of(
            new Line(
                "interface-endpoints",
                "%d interface VPC endpoints (%s) x %d AZs x %s h"
                    .formatted(
                        footprint.interfaceEndpoints().size(),
                        String.join(", ", footprint.interfaceEndpoints()),
                        azs,
                        HOURS_PER_MONTH),
                BigDecimal.valueOf(footprint.interfaceEndpoints().size()).multiply(azHours),
                PriceIds.VPC_INTERFACE_ENDPOINT_HOUR,
                prices.price(PriceIds.VPC_INTERFACE_ENDPOINT_HOUR).usd()),
            new Line(
                "gateway-endpoints",
                "%d gateway VPC endpoints (%s) x %d AZs x %s h"
                    .formatted(
                        footprint.gatewayEndpoints().size(),
                        String.join(", ", footprint.gatewayEndpoints()),
                        azs,
                        HOURS_PER_MONTH),
                BigDecimal.valueOf(footprint.gatewayEndpoints().size()).multiply(azHours),
                PriceIds.VPC_GATEWAY_ENDPOINT,
                prices.price(PriceIds.VPC_GATEWAY_ENDPOINT).usd()),
            new Line(
                "kms-keys",
                "%d customer-managed KMS keys (rotation surcharges not included)"
                    .formatted(footprint.kmsKeys()),
                BigDecimal.valueOf(footprint.kmsKeys()),
                PriceIds.KMS_KEY,
                prices.price(PriceIds.KMS_KEY).usd())));
  }

  public BigDecimal totalUsd() {
    return lines.stream().map(Line::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
