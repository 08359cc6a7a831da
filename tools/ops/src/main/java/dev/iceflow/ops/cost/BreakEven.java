package dev.iceflow.ops.cost;

import dev.iceflow.cost.Volume;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;

/**
 * Iceflow against Amazon Data Firehose at monthly volumes: ours is the fixed monthly cost plus a
 * variable cost per GB, Firehose its per-GB price (it has no fixed part). S3 table storage and the
 * Glue catalog are paid either way, so they are on neither side.
 *
 * @param variableBasis whether {@code variableUsdPerGb} was measured in the period or assumed
 */
public record BreakEven(
    BigDecimal fixedMonthlyUsd,
    BigDecimal variableUsdPerGb,
    VariableBasis variableBasis,
    BigDecimal firehoseUsdPerGb,
    List<Row> rows) {

  /** The monthly volumes compared: 1 GB to 10 TB. */
  public static final List<Row.Label> VOLUMES =
      List.of(
          new Row.Label("1 GB", BigDecimal.ONE),
          new Row.Label("10 GB", BigDecimal.TEN),
          new Row.Label("100 GB", BigDecimal.valueOf(100)),
          new Row.Label("1 TB", Volume.GB_PER_TB),
          new Row.Label("10 TB", Volume.GB_PER_TB.multiply(BigDecimal.TEN)));

  public BreakEven {
    rows = List.copyOf(rows);
  }

  public enum VariableBasis {
    /** This period's variable cost over this period's ingested volume. */
    MEASURED,
    /** Given with --usd-per-gb. */
    ASSUMED
  }

  /** Which side costs less at a volume. */
  public enum Cheaper {
    ICEFLOW,
    FIREHOSE,
    EQUAL
  }

  /** Both sides at one monthly volume. */
  public record Row(String volume, BigDecimal gb, BigDecimal iceflowUsd, BigDecimal firehoseUsd) {

    /** A volume and how it is written. */
    public record Label(String text, BigDecimal gb) {}

    public Cheaper cheaper() {
      int c = iceflowUsd.compareTo(firehoseUsd);
      return c < 0 ? Cheaper.ICEFLOW : c > 0 ? Cheaper.FIREHOSE : Cheaper.EQUAL;
    }

    /** How much less the cheaper side costs. */
    public BigDecimal differenceUsd() {
      return iceflowUsd.subtract(firehoseUsd).abs();
    }
  }

  public static BreakEven across(
      BigDecimal fixedMonthlyUsd,
      BigDecimal variableUsdPerGb,
      VariableBasis basis,
      BigDecimal firehoseUsdPerGb) {
    List<Row> rows =
        VOLUMES.stream()
            .map(
                v ->
                    new Row(
                        v.text(),
                        v.gb(),
                        fixedMonthlyUsd.add(variableUsdPerGb.multiply(v.gb())),
                        firehoseUsdPerGb.multiply(v.gb())))
            .toList();
    return new BreakEven(fixedMonthlyUsd, variableUsdPerGb, basis, firehoseUsdPerGb, rows);
  }

  /**
   * The monthly volume above which iceflow is cheaper: fixed cost over what each GB saves. Empty
   * when a GB costs us at least what it costs on Firehose (then Firehose is never dearer).
   */
  public Optional<BigDecimal> breakEvenGb() {
    BigDecimal savedPerGb = firehoseUsdPerGb.subtract(variableUsdPerGb);
    if (savedPerGb.signum() <= 0) {
      return Optional.empty();
    }
    return Optional.of(fixedMonthlyUsd.divide(savedPerGb, MathContext.DECIMAL64));
  }
}
