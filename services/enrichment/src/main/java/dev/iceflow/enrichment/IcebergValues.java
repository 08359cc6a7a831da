package dev.iceflow.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Converts JSON and text values to the Java objects Iceberg's generic records hold per column type,
 * exactly or not at all: a value the column cannot hold (3,000,000,000 or 1.7 in an int, 1e400 in a
 * double, 0.125 in a decimal(9, 2), "yes" as a boolean) is refused with an {@link
 * IllegalArgumentException} that starts with the value and says why, never wrapped, truncated,
 * rounded or defaulted. (A decimal fraction in a float or double column is held as the nearest
 * binary value: that is what the column type means, not a narrowing.)
 */
final class IcebergValues {

  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private IcebergValues() {}

  /** A JSON value as the column's Iceberg value; JSON null is null. */
  static Object fromJson(NestedField column, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return switch (column.type().typeId()) {
      case INTEGER -> value.isInt() ? value.intValue() : exact(column, number(column, value));
      case LONG ->
          value.isInt() || value.isLong()
              ? value.longValue()
              : exact(column, number(column, value));
      case DOUBLE ->
          value.isDouble() // already a double: nothing to narrow
              ? finite(column, value.doubleValue())
              : exact(column, number(column, value));
      case FLOAT, DECIMAL -> exact(column, number(column, value));
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          throw refused(describe(value), "is not true or false, as %s needs", column);
        }
        yield value.booleanValue();
      }
      case STRING -> {
        if (!value.isValueNode()) {
          throw refused(describe(value), "is not a single value, as %s needs", column);
        }
        yield value.asText();
      }
      default -> fromText(column, value.asText());
    };
  }

  /** A text value (CSV reference data) as the column's Iceberg value; empty text is null. */
  static Object fromText(NestedField column, String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return switch (column.type().typeId()) {
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL -> exact(column, number(column, text.trim()));
      case BOOLEAN ->
          switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw refused("'" + text + "'", "is not true or false, as %s needs", column);
          };
      case STRING -> text;
      default -> throw refused("'" + text + "'", "cannot be converted for %s", column);
    };
  }

  /** An event time parsed with the contract's pattern, as the column's date or timestamp. */
  static Object eventTime(Type type, TemporalAccessor parsed) {
    return switch (type.typeId()) {
      case DATE -> LocalDate.from(parsed);
      case TIMESTAMP ->
          ((Types.TimestampType) type).shouldAdjustToUTC()
              ? OffsetDateTime.from(parsed)
              : LocalDateTime.from(parsed);
      default ->
          throw new IllegalArgumentException(
              "an event time column must be a date or timestamp, not " + type);
    };
  }

  /** The contract's pattern, strict: 2001/02/30 is refused, not moved to 28 February. */
  static DateTimeFormatter formatter(String pattern) {
    return DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"))
        .withResolverStyle(ResolverStyle.STRICT);
  }

  private static Object exact(NestedField column, BigDecimal value) {
    return switch (column.type().typeId()) {
      case INTEGER -> {
        requireWhole(column, value);
        try {
          yield value.intValueExact();
        } catch (ArithmeticException overflow) {
          throw because(doesNotFit(column, value), overflow);
        }
      }
      case LONG -> {
        requireWhole(column, value);
        try {
          yield value.longValueExact();
        } catch (ArithmeticException overflow) {
          throw because(doesNotFit(column, value), overflow);
        }
      }
      case FLOAT -> {
        float held = value.floatValue();
        requireRepresentable(column, value, held);
        yield held;
      }
      case DOUBLE -> {
        double held = value.doubleValue();
        requireRepresentable(column, value, held);
        yield held;
      }
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) column.type();
        BigDecimal scaled;
        try {
          scaled = value.setScale(decimal.scale());
        } catch (ArithmeticException roundingNeeded) {
          throw because(
              refused(value.toPlainString(), "has more decimal places than %s holds", column),
              roundingNeeded);
        }
        if (scaled.precision() > decimal.precision()) {
          throw doesNotFit(column, value);
        }
        yield scaled;
      }
      default -> throw refused(value.toPlainString(), "is a number, which %s is not", column);
    };
  }

  private static void requireWhole(NestedField column, BigDecimal value) {
    if (!isWhole(value)) {
      throw refused(value.toPlainString(), "is not a whole number, as %s needs", column);
    }
  }

  /**
   * A float or double must not overflow to infinity, underflow to zero, or turn a whole number of
   * the long range (a count, an id) into another: 9007199254740993 is no double.
   */
  private static void requireRepresentable(NestedField column, BigDecimal value, double held) {
    boolean underflow = held == 0 && value.signum() != 0;
    boolean wholeChanged =
        isWhole(value)
            && value.abs().compareTo(LONG_MAX) <= 0
            && new BigDecimal(held).compareTo(value) != 0;
    if (Double.isInfinite(held) || underflow || wholeChanged) {
      throw doesNotFit(column, value);
    }
  }

  private static boolean isWhole(BigDecimal value) {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  private static BigDecimal number(NestedField column, JsonNode value) {
    if (!value.isNumber()) {
      throw refused(describe(value), "is not a number, as %s needs", column);
    }
    if (value.isIntegralNumber()) {
      return new BigDecimal(value.bigIntegerValue());
    }
    if (value.isDouble() || value.isFloat()) {
      // the shortest decimal that is this double: 1.7, not 1.6999999999999999555910790149937
      return BigDecimal.valueOf(finite(column, value.doubleValue()));
    }
    return value.decimalValue();
  }

  private static double finite(NestedField column, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw refused(Double.toString(value), "is not a finite number, as %s needs", column);
    }
    return value;
  }

  private static BigDecimal number(NestedField column, String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw because(refused("'" + text + "'", "is not a number, as %s needs", column), e);
    }
  }

  private static IllegalArgumentException doesNotFit(NestedField column, BigDecimal value) {
    return refused(value.toPlainString(), "does not fit %s", column);
  }

  /** "{value} {why, naming the column as 'column name (type)'}". */
  private static IllegalArgumentException refused(String value, String why, NestedField column) {
    return new IllegalArgumentException(
        value + " " + why.formatted("column %s (%s)".formatted(column.name(), column.type())));
  }

  private static IllegalArgumentException because(IllegalArgumentException e, Throwable cause) {
    e.initCause(cause);
    return e;
  }

  private static String describe(JsonNode value) {
    String kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
    return value.isValueNode() ? "%s %s".formatted(kind, value) : kind;
  }
}
