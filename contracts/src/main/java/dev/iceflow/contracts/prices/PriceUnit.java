package dev.iceflow.contracts.prices;

import com.fasterxml.jackson.annotation.JsonValue;

/** What one price buys; the wire names are the {@code unit} enum of prices/schema.json. */
public enum PriceUnit {
  GB_SECOND("GB-second"),
  GB("GB"),
  GB_MONTH("GB-month"),
  THOUSAND_REQUESTS("1K requests"),
  TEN_THOUSAND_REQUESTS("10K requests"),
  MILLION_REQUESTS("1M requests"),
  MILLION_READ_REQUEST_UNITS("1M read request units"),
  MILLION_WRITE_REQUEST_UNITS("1M write request units"),
  HUNDRED_THOUSAND_OBJECT_MONTHS("100K objects-month"),
  KEY_MONTH("key-month"),
  AZ_HOUR("AZ-hour");

  private final String wireName;

  PriceUnit(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
