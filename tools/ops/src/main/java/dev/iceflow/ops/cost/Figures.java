package dev.iceflow.ops.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How figures are written: money to the cent fraction a small pipeline still shows. */
final class Figures {

  /** USD in text: four decimals, because a local run costs fractions of a cent. */
  static final int USD_SCALE = 4;

  /** Per-GB prices and costs, and GB volumes: six decimals (1 KB is ~0.000001 GB). */
  static final int FINE_SCALE = 6;

  static final String NONE = "-";

  private Figures() {}

  static String usd(BigDecimal usd) {
    return usd == null ? NONE : usd.setScale(USD_SCALE, RoundingMode.HALF_EVEN).toPlainString();
  }

  static String fine(BigDecimal value) {
    return value == null
        ? NONE
        : value.setScale(FINE_SCALE, RoundingMode.HALF_EVEN).toPlainString();
  }

  static String percent(BigDecimal percent) {
    return percent == null
        ? NONE
        : percent.setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " %";
  }

  /** A figure in JSON: six decimals, so the document reads the same for the same ledger. */
  static BigDecimal json(BigDecimal value) {
    return value == null ? null : value.setScale(FINE_SCALE, RoundingMode.HALF_EVEN);
  }
}
