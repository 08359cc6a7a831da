package dev.iceflow.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.contracts.dataset.BandSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.DerivedColumnSpec;
import dev.iceflow.contracts.dataset.EnrichmentSpec;
import dev.iceflow.contracts.dataset.JoinSpec;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns one validated input record into a table row by the contract's enrichment rules: event time,
 * copied fields, derived columns, reference joins and lineage. Pure: reference tables are handed
 * in. Whatever depends on the contract and schema alone is checked once, when the enricher is made
 * (a mismatch fails the batch); so whatever goes wrong while building a row is about that record,
 * and the record is rejected with the reason (a required join that finds nothing, a reference value
 * or input value its column cannot hold, an event time that is no time, a required column left
 * empty, or any other exception, named), never failing its neighbours.
 */
public final class RowEnricher {

  /** Rule name of a failed required join, as it appears in the quarantine. */
  public static final String JOIN_RULE_PREFIX = "join-";

  /** A joined reference row holds a value its column cannot take (a latitude that is no number). */
  public static final String REFERENCE_VALUE_RULE = "reference-value-invalid";

  /** The event time input does not parse with the contract's pattern into a real time. */
  public static final String EVENT_TIME_RULE = "event-time-invalid";

  /** An input value its column cannot hold exactly (3,000,000,000 or 1.7 in an int). */
  public static final String COLUMN_VALUE_RULE = "column-value-invalid";

  /** A required column is left without a value (e.g. derived from an absent input). */
  public static final String REQUIRED_COLUMN_RULE = "column-required";

  /** Any other exception while building the row; the message names it. */
  public static final String ERROR_RULE = "enrichment-error";

  private static final String LINEAGE_BATCH_ID = "batchId";
  private static final String LINEAGE_POSITION = "position";
  private static final String LINEAGE_INGEST_TIME = "ingestTime";

  private final EnrichmentSpec rules;
  private final Schema schema;
  private final Map<String, ReferenceTable> references;
  private final DateTimeFormatter eventTimeFormat;

  public RowEnricher(DataContract contract, Schema schema, Map<String, ReferenceTable> references) {
    this.rules = contract.enrichment();
    this.schema = schema;
    this.references = references;
    this.eventTimeFormat = IcebergValues.formatter(rules.eventTime().pattern());
    requireFillable();
  }

  /** The row, or the reason it cannot be built. */
  public Result enrich(JsonNode record, String batchId, int position, OffsetDateTime ingestTime) {
    try {
      return Result.row(build(record, batchId, position, ingestTime));
    } catch (Rejected rejected) {
      return Result.rejected(rejected.rule, rejected.column, rejected.getMessage(), null);
    } catch (RuntimeException unexpected) {
      return Result.rejected(ERROR_RULE, null, unexpected.toString(), unexpected);
    }
  }

  private Record build(JsonNode record, String batchId, int position, OffsetDateTime ingestTime) {
    GenericRecord row = GenericRecord.create(schema);
    for (JoinSpec join : rules.joins()) {
      join(join, record, row);
    }
    setEventTime(record, row);
    rules.copy().forEach((column, input) -> copy(input, column, record, row));
    for (DerivedColumnSpec derived : rules.derived()) {
      row.setField(derived.column(), derive(derived, record));
    }
    rules
        .lineage()
        .forEach(
            (column, source) ->
                row.setField(column, lineage(source, batchId, position, ingestTime)));
    for (Types.NestedField column : schema.columns()) {
      if (column.isRequired() && row.getField(column.name()) == null) {
        throw new Rejected(
            REQUIRED_COLUMN_RULE,
            column.name(),
            "required column %s has no value".formatted(column.name()));
      }
    }
    return row;
  }

  private void join(JoinSpec join, JsonNode record, GenericRecord row) {
    String key = record.path(join.on()).asText();
    Optional<Map<String, String>> match = references.get(join.reference()).row(key);
    if (match.isEmpty()) {
      if (join.required()) {
        throw new Rejected(
            JOIN_RULE_PREFIX + join.reference() + "-" + join.on(),
            join.on(),
            "no %s row for %s '%s'".formatted(join.reference(), join.on(), key));
      }
      return;
    }
    join.columns()
        .forEach(
            (column, referenceColumn) -> {
              String text = match.get().get(referenceColumn);
              try {
                row.setField(column, IcebergValues.fromText(field(column), text));
              } catch (IllegalArgumentException e) {
                throw new Rejected(
                    REFERENCE_VALUE_RULE,
                    column,
                    "%s row '%s' has %s '%s': %s"
                        .formatted(join.reference(), key, referenceColumn, text, e.getMessage()),
                    e);
              }
            });
  }

  private void setEventTime(JsonNode record, GenericRecord row) {
    String input = rules.eventTime().input();
    String column = rules.eventTime().column();
    JsonNode value = record.get(input);
    if (value == null || value.isNull()) {
      return; // a required event time column is reported as such
    }
    try {
      row.setField(
          column,
          IcebergValues.eventTime(field(column).type(), eventTimeFormat.parse(value.asText())));
    } catch (DateTimeException e) {
      throw new Rejected(
          EVENT_TIME_RULE,
          column,
          "'%s' value '%s' is no %s: %s"
              .formatted(input, value.asText(), rules.eventTime().pattern(), e.getMessage()),
          e);
    }
  }

  private void copy(String input, String column, JsonNode record, GenericRecord row) {
    try {
      row.setField(column, IcebergValues.fromJson(field(column), record.get(input)));
    } catch (IllegalArgumentException e) {
      throw new Rejected(
          COLUMN_VALUE_RULE, column, "'%s' value %s".formatted(input, e.getMessage()), e);
    }
  }

  /**
   * A derived column of an absent (or null) input is null, as in SQL: "DTW-null" or the band of 0
   * would be a wrong value, where null is an honest one (and a required column then rejects the
   * record with its reason).
   */
  private static Object derive(DerivedColumnSpec derived, JsonNode record) {
    return switch (derived.kind()) {
      case concat -> {
        List<String> parts = new ArrayList<>();
        for (String input : derived.inputs()) {
          JsonNode value = record.get(input);
          if (value == null || value.isNull()) {
            yield null;
          }
          parts.add(singleValue(derived, input, value).asText());
        }
        yield String.join(derived.separator(), parts);
      }
      case bands -> {
        JsonNode value = record.get(derived.input());
        if (value == null || value.isNull()) {
          yield null;
        }
        if (!singleValue(derived, derived.input(), value).isNumber()) {
          throw new Rejected(
              COLUMN_VALUE_RULE,
              derived.column(),
              "'%s' value %s is not a number, as the bands of column %s need"
                  .formatted(derived.input(), value, derived.column()));
        }
        yield band(derived.bands(), value.decimalValue());
      }
    };
  }

  private static JsonNode singleValue(DerivedColumnSpec derived, String input, JsonNode value) {
    if (!value.isValueNode()) {
      throw new Rejected(
          COLUMN_VALUE_RULE,
          derived.column(),
          "'%s' is a %s, not a single value for column %s"
              .formatted(input, value.getNodeType(), derived.column()));
    }
    return value;
  }

  private static String band(List<BandSpec> bands, BigDecimal value) {
    for (BandSpec band : bands) {
      if (band.below() == null || value.compareTo(band.below()) < 0) {
        return band.label();
      }
    }
    throw new IllegalStateException("the last band of a contract must have no upper bound");
  }

  private static Object lineage(
      String source, String batchId, int position, OffsetDateTime ingestTime) {
    return switch (source) {
      case LINEAGE_BATCH_ID -> batchId;
      case LINEAGE_POSITION -> position;
      case LINEAGE_INGEST_TIME -> ingestTime.withOffsetSameInstant(ZoneOffset.UTC);
      default ->
          throw new IllegalArgumentException("unknown lineage source '%s'".formatted(source));
    };
  }

  /**
   * Everything that depends on the contract and schema alone: each column the contract fills
   * exists, the event time column is a date or timestamp, derived columns are strings, lineage
   * sources are known, and every required column is filled by some rule.
   */
  private void requireFillable() {
    Set<String> filled = new HashSet<>();
    rules.joins().forEach(join -> filled.addAll(join.columns().keySet()));
    Type.TypeID eventType = field(rules.eventTime().column()).type().typeId();
    if (eventType != Type.TypeID.DATE && eventType != Type.TypeID.TIMESTAMP) {
      throw new IllegalStateException(
          "event time column '%s' must be a date or timestamp"
              .formatted(rules.eventTime().column()));
    }
    filled.add(rules.eventTime().column());
    filled.addAll(rules.copy().keySet());
    for (DerivedColumnSpec derived : rules.derived()) {
      if (field(derived.column()).type().typeId() != Type.TypeID.STRING) {
        throw new IllegalStateException(
            "derived column '%s' holds text and must be a string".formatted(derived.column()));
      }
      filled.add(derived.column());
    }
    rules
        .lineage()
        .forEach(
            (column, source) -> {
              if (!List.of(LINEAGE_BATCH_ID, LINEAGE_POSITION, LINEAGE_INGEST_TIME)
                  .contains(source)) {
                throw new IllegalStateException(
                    "unknown lineage source '%s' for column '%s'".formatted(source, column));
              }
              filled.add(column);
            });
    filled.forEach(this::field);
    for (Types.NestedField column : schema.columns()) {
      if (column.isRequired() && !filled.contains(column.name())) {
        throw new IllegalStateException(
            "the contract fills no value for required column '%s'".formatted(column.name()));
      }
    }
  }

  private Types.NestedField field(String column) {
    Types.NestedField field = schema.findField(column);
    if (field == null) {
      throw new IllegalStateException(
          "the table has no column '%s' that the contract fills".formatted(column));
    }
    return field;
  }

  /** Why a record cannot become a row: the rule it breaks and the column concerned. */
  private static final class Rejected extends RuntimeException {
    private final String rule;
    private final String column;

    Rejected(String rule, String column, String message) {
      this(rule, column, message, null);
    }

    Rejected(String rule, String column, String message, Throwable cause) {
      super(message, cause, false, false); // a verdict on a record, not a fault: no stack trace
      this.rule = rule;
      this.column = column;
    }
  }

  /**
   * A row, or a rejection with rule, the field or column it concerns (if one) and message; {@code
   * cause} is the exception behind an {@link #ERROR_RULE} rejection.
   */
  public record Result(Record row, String rule, String column, String message, Throwable cause) {
    static Result row(Record row) {
      return new Result(row, null, null, null, null);
    }

    static Result rejected(String rule, String column, String message, Throwable cause) {
      return new Result(null, rule, column, message, cause);
    }

    public boolean isRow() {
      return row != null;
    }
  }
}
