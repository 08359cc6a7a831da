package dev.iceflow.contracts.prices;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;

/**
 * One list price: {@code usd} per {@code unit}, the AWS page it is listed on and the date it held.
 *
 * @param freePerMonth quantity (in {@code unit}) given away each month before {@code usd} applies;
 *     null when there is none
 * @param note what the price covers and any doubt about the figure; may be null
 */
public record Price(
    BigDecimal usd,
    PriceUnit unit,
    BigDecimal freePerMonth,
    URI source,
    LocalDate asOf,
    String note) {

  /**
   * List price of {@code count} of the metered thing ({@code count} in the unit's own terms, e.g.
   * requests), free tier ignored.
   */
  public BigDecimal usdFor(BigDecimal count) {
    return usd.multiply(count).divide(unit.quantity(), java.math.MathContext.DECIMAL64);
  }

  /** The free monthly quantity, zero when there is none. */
  public BigDecimal free() {
    return freePerMonth == null ? BigDecimal.ZERO : freePerMonth;
  }
}
