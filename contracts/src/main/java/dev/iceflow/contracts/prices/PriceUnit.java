package dev.iceflow.contracts.prices;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;

/** What one price buys; the wire names are the {@code unit} enum of prices/schema.json. */
public enum PriceUnit {
  GB_SECOND("GB-second", 1),
  GB("GB", 1),
  GB_MONTH("GB-month", 1),
  THOUSAND_REQUESTS("1K requests", 1_000),
  TEN_THOUSAND_REQUESTS("10K requests", 10_000),
  MILLION_REQUESTS("1M requests", 1_000_000),
  MILLION_READ_REQUEST_UNITS("1M read request units", 1_000_000),
  MILLION_WRITE_REQUEST_UNITS("1M write request units", 1_000_000),
  HUNDRED_THOUSAND_OBJECT_MONTHS("100K objects-month", 100_000),
  KEY_MONTH("key-month", 1),
  AZ_HOUR("AZ-hour", 1);

  private final String wireName;
  private final BigDecimal quantity;

  PriceUnit(String wireName, long quantity) {
    this.wireName = wireName;
    this.quantity = BigDecimal.valueOf(quantity);
  }

  /**
   * How many of the metered thing one unit is: 1,000,000 requests for "1M requests", 1 GB-second
   * for "GB-second". A usage count divided by it is the number of units the price applies to.
   */
  public BigDecimal quantity() {
    return quantity;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
