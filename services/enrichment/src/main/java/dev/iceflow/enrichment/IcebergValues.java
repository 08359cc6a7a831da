package dev.iceflow.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Converts JSON and text values to the Java objects Iceberg's generic records hold per type. */
final class IcebergValues {

  private IcebergValues() {}

  /** A JSON value (already validated against the contract) as the column's Iceberg value. */
  static Object fromJson(Type type, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return switch (type.typeId()) {
      case INTEGER -> value.intValue();
      case LONG -> value.longValue();
      case FLOAT -> value.floatValue();
      case DOUBLE -> value.doubleValue();
      case BOOLEAN -> value.booleanValue();
      case DECIMAL -> value.decimalValue().setScale(((Types.DecimalType) type).scale());
      case STRING -> value.asText();
      default -> fromText(type, value.asText());
    };
  }

  /** A text value (CSV reference data) as the column's Iceberg value; empty text is null. */
  static Object fromText(Type type, String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return switch (type.typeId()) {
      case INTEGER -> Integer.parseInt(text.trim());
      case LONG -> Long.parseLong(text.trim());
      case FLOAT -> Float.parseFloat(text.trim());
      case DOUBLE -> Double.parseDouble(text.trim());
      case BOOLEAN -> Boolean.parseBoolean(text.trim());
      case DECIMAL -> new BigDecimal(text.trim()).setScale(((Types.DecimalType) type).scale());
      case STRING -> text;
      default -> throw new IllegalArgumentException("cannot convert text to " + type);
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

  static DateTimeFormatter formatter(String pattern) {
    return DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"));
  }
}
