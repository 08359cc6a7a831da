package dev.iceflow.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.contracts.dataset.BandSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.DerivedColumnSpec;
import dev.iceflow.contracts.dataset.EnrichmentSpec;
import dev.iceflow.contracts.dataset.JoinSpec;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Turns one validated input record into a table row by the contract's enrichment rules: event time,
 * copied fields, derived columns, reference joins and lineage. Pure: reference tables are handed
 * in. A required join that finds no row rejects the record with its reason.
 */
public final class RowEnricher {

  /** Rule name of a failed required join, as it appears in the quarantine. */
  public static final String JOIN_RULE_PREFIX = "join-";

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
  }

  /** The row, or the reason it cannot be built. */
  public Result enrich(JsonNode record, String batchId, int position, OffsetDateTime ingestTime) {
    GenericRecord row = GenericRecord.create(schema);
    for (JoinSpec join : rules.joins()) {
      String key = record.path(join.on()).asText();
      Optional<Map<String, String>> match = references.get(join.reference()).row(key);
      if (match.isEmpty()) {
        if (join.required()) {
          return Result.rejected(
              JOIN_RULE_PREFIX + join.reference() + "-" + join.on(),
              "no %s row for %s '%s'".formatted(join.reference(), join.on(), key));
        }
        continue;
      }
      join.columns()
          .forEach(
              (column, referenceColumn) ->
                  row.setField(
                      column,
                      IcebergValues.fromText(type(column), match.get().get(referenceColumn))));
    }
    String eventColumn = rules.eventTime().column();
    row.setField(
        eventColumn,
        IcebergValues.eventTime(
            type(eventColumn),
            eventTimeFormat.parse(record.path(rules.eventTime().input()).asText())));
    rules
        .copy()
        .forEach(
            (column, input) ->
                row.setField(column, IcebergValues.fromJson(type(column), record.get(input))));
    for (DerivedColumnSpec derived : rules.derived()) {
      row.setField(derived.column(), derive(derived, record));
    }
    rules
        .lineage()
        .forEach(
            (column, source) ->
                row.setField(column, lineage(source, batchId, position, ingestTime)));
    return Result.row(row);
  }

  private static Object derive(DerivedColumnSpec derived, JsonNode record) {
    return switch (derived.kind()) {
      case concat -> {
        List<String> parts = new ArrayList<>();
        derived.inputs().forEach(input -> parts.add(record.path(input).asText()));
        yield String.join(derived.separator(), parts);
      }
      case bands -> band(derived.bands(), record.path(derived.input()).decimalValue());
    };
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

  private org.apache.iceberg.types.Type type(String column) {
    Types.NestedField field = schema.findField(column);
    if (field == null) {
      throw new IllegalStateException(
          "the table has no column '%s' that the contract fills".formatted(column));
    }
    return field.type();
  }

  /** A row, or a rejection with rule and message. */
  public record Result(Record row, String rule, String message) {
    static Result row(Record row) {
      return new Result(row, null, null);
    }

    static Result rejected(String rule, String message) {
      return new Result(null, rule, message);
    }

    public boolean isRow() {
      return row != null;
    }
  }
}
