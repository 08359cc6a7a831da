package dev.iceflow.cost;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Data volumes in GB as AWS bills them: 1 GB = 2^30 bytes (the pricing pages' examples count 1 KB
 * as 1,024 bytes), 1 TB = 1,024 GB.
 */
public final class Volume {

  public static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);
  public static final BigDecimal GB_PER_TB = BigDecimal.valueOf(1024);

  private Volume() {}

  public static BigDecimal gigabytes(BigDecimal bytes) {
    return bytes.divide(BYTES_PER_GB, MathContext.DECIMAL64);
  }

  /** {@code usd} per GB of {@code gb}; null when there is no volume to divide by. */
  public static BigDecimal perGb(BigDecimal usd, BigDecimal gb) {
    return gb.signum() == 0 ? null : usd.divide(gb, MathContext.DECIMAL64);
  }
}
