package dev.iceflow.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.DerivedColumnSpec;
import dev.iceflow.contracts.dataset.DerivedColumnSpec.DerivationKind;
import dev.iceflow.contracts.dataset.EnrichmentSpec;
import dev.iceflow.iceberg.ContractTables;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class RowEnricherTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OffsetDateTime INGESTED =
      OffsetDateTime.of(2026, 11, 26, 8, 0, 0, 0, ZoneOffset.UTC);
  private static final ReferenceTable AIRPORTS =
      new ReferenceTable(
          "etag",
          Map.of(
              "DTW",
                  Map.of(
                      "iata",
                      "DTW",
                      "city",
                      "Detroit",
                      "state",
                      "MI",
                      "latitude",
                      "42.21205889",
                      "longitude",
                      "-83.34883583"),
              "LAS",
                  Map.of(
                      "iata",
                      "LAS",
                      "city",
                      "Las Vegas",
                      "state",
                      "NV",
                      "latitude",
                      "36.08036111",
                      "longitude",
                      "-115.1523333")));

  private final DataContract flights = Contracts.packaged().dataset("flights").orElseThrow();
  private final RowEnricher enricher =
      new RowEnricher(
          flights, ContractTables.schema(flights.table()), Map.of("airports", AIRPORTS));

  @Test
  void shouldBuildTheRowTheContractDescribes() {
    RowEnricher.Result result = enricher.enrich(flight("DTW", "LAS", 66, 1750), "b-1", 7, INGESTED);

    Record row = result.row();
    assertThat(row.getField("event_time")).isEqualTo(LocalDateTime.of(2001, 1, 1, 0, 47));
    assertThat(row.getField("route")).isEqualTo("DTW-LAS");
    assertThat(row.getField("delay_category")).isEqualTo("very_late");
    assertThat(row.getField("distance_band")).isEqualTo("long");
    assertThat(row.getField("delay_minutes")).isEqualTo(66);
    assertThat(row.getField("origin_city")).isEqualTo("Detroit");
    assertThat(row.getField("destination_latitude")).isEqualTo(36.08036111);
    assertThat(row.getField("batch_id")).isEqualTo("b-1");
    assertThat(row.getField("record_position")).isEqualTo(7);
    assertThat(row.getField("ingested_at")).isEqualTo(INGESTED);
  }

  @Test
  void shouldLabelEachBandByItsUpperBound() {
    assertThat(
            enricher
                .enrich(flight("DTW", "LAS", -1, 499), "b", 0, INGESTED)
                .row()
                .getField("delay_category"))
        .isEqualTo("early");
    assertThat(
            enricher
                .enrich(flight("DTW", "LAS", 14, 499), "b", 0, INGESTED)
                .row()
                .getField("delay_category"))
        .isEqualTo("on_time");
    assertThat(
            enricher
                .enrich(flight("DTW", "LAS", 15, 500), "b", 0, INGESTED)
                .row()
                .getField("delay_category"))
        .isEqualTo("late");
    assertThat(
            enricher
                .enrich(flight("DTW", "LAS", 15, 499), "b", 0, INGESTED)
                .row()
                .getField("distance_band"))
        .isEqualTo("short");
    assertThat(
            enricher
                .enrich(flight("DTW", "LAS", 15, 500), "b", 0, INGESTED)
                .row()
                .getField("distance_band"))
        .isEqualTo("medium");
  }

  @Test
  void shouldRejectARecordWhoseRequiredJoinFindsNothing() {
    RowEnricher.Result result = enricher.enrich(flight("DTW", "ZZZ", 1, 100), "b", 0, INGESTED);

    assertThat(result.isRow()).isFalse();
    assertThat(result.rule()).isEqualTo("join-airports-destination");
    assertThat(result.message()).isEqualTo("no airports row for destination 'ZZZ'");
  }

  @Test
  void shouldEnrichASecondDatasetWithADateEventTimeAndNoJoins() throws Exception {
    DataContract weather = Contracts.packaged().dataset("seattle_weather").orElseThrow();
    RowEnricher weatherEnricher =
        new RowEnricher(weather, ContractTables.schema(weather.table()), Map.of());

    Record row =
        weatherEnricher
            .enrich(
                JSON.readTree(
                    "{\"date\":\"2012-01-02\",\"precipitation\":10.9,\"temp_max\":10.6,\"temp_min\":2.8,\"wind\":4.5,\"weather\":\"rain\"}"),
                "w-1",
                1,
                INGESTED)
            .row();

    assertThat(row.getField("observed_on")).isEqualTo(LocalDate.of(2012, 1, 2));
    assertThat(row.getField("precipitation_band")).isEqualTo("heavy");
    assertThat(row.getField("temp_min_c")).isEqualTo(2.8);
  }

  @Test
  void shouldRejectARecordWhoseReferenceRowHoldsANonNumericLatitude_withTheReason() {
    Map<String, Map<String, String>> rows = new HashMap<>(AIRPORTS.rowsByKey());
    rows.put("BAD", Map.of("iata", "BAD", "city", "Nowhere", "latitude", "north"));
    RowEnricher withBadRow =
        new RowEnricher(
            flights,
            ContractTables.schema(flights.table()),
            Map.of("airports", new ReferenceTable("etag", rows)));

    RowEnricher.Result bad = withBadRow.enrich(flight("DTW", "BAD", 1, 100), "b", 3, INGESTED);
    RowEnricher.Result good = withBadRow.enrich(flight("DTW", "LAS", 1, 100), "b", 4, INGESTED);

    assertThat(bad.isRow()).isFalse();
    assertThat(bad.rule()).isEqualTo("reference-value-invalid");
    assertThat(bad.column()).isEqualTo("destination_latitude");
    assertThat(bad.message())
        .isEqualTo(
            "airports row 'BAD' has latitude 'north': 'north' is not a number, as column"
                + " destination_latitude (double) needs");
    assertThat(good.isRow()).isTrue();
  }

  @Test
  void shouldRejectARecordWhoseEventTimeIsNoRealTime_insteadOfMovingIt() {
    RowEnricher.Result noSuchDay = enricher.enrich(at("2001/02/30 10:00"), "b", 0, INGESTED);
    RowEnricher.Result notATime = enricher.enrich(at("soon"), "b", 0, INGESTED);

    assertThat(noSuchDay.isRow()).as("30 February").isFalse();
    assertThat(noSuchDay.rule()).isEqualTo("event-time-invalid");
    assertThat(noSuchDay.column()).isEqualTo("event_time");
    assertThat(noSuchDay.message())
        .startsWith("'date' value '2001/02/30 10:00' is no yyyy/MM/dd HH:mm");
    assertThat(notATime.rule()).isEqualTo("event-time-invalid");
  }

  @Test
  void shouldRejectANumberTheColumnCannotHoldExactly_neverWrapOrTruncateIt() {
    ObjectNode tooBig = flight("DTW", "LAS", 0, 100).put("delay", 3_000_000_000L);
    ObjectNode fraction = flight("DTW", "LAS", 0, 100).put("delay", 1.7);

    RowEnricher.Result wrapped = enricher.enrich(tooBig, "b", 0, INGESTED);
    RowEnricher.Result truncated = enricher.enrich(fraction, "b", 0, INGESTED);

    assertThat(wrapped.isRow()).isFalse();
    assertThat(wrapped.rule()).isEqualTo("column-value-invalid");
    assertThat(wrapped.column()).isEqualTo("delay_minutes");
    assertThat(wrapped.message())
        .isEqualTo("'delay' value 3000000000 does not fit column delay_minutes (int)");
    assertThat(truncated.isRow()).isFalse();
    assertThat(truncated.message())
        .isEqualTo("'delay' value 1.7 is not a whole number, as column delay_minutes (int) needs");
  }

  @Test
  void shouldLeaveAConcatenationOrBandOfAnAbsentInputNull_neverTheTextNullOrTheFirstBand()
      throws Exception {
    DataContract weather = Contracts.packaged().dataset("seattle_weather").orElseThrow();
    DataContract withConcat =
        withDerived(
            weather,
            new DerivedColumnSpec(
                "conditions",
                DerivationKind.concat,
                List.of("weather", "wind"),
                " at ",
                null,
                null));
    Schema schema =
        TypeUtil.join(
            allOptional(ContractTables.schema(weather.table())),
            new Schema(Types.NestedField.optional(11, "conditions", Types.StringType.get())));
    RowEnricher optionalColumns = new RowEnricher(withConcat, schema, Map.of());

    Record windy = optionalColumns.enrich(day("\"wind\":4.5"), "w", 0, INGESTED).row();
    Record nullWind = optionalColumns.enrich(day("\"wind\":null"), "w", 1, INGESTED).row();
    Record noWind = optionalColumns.enrich(day("\"temp_min\":1"), "w", 2, INGESTED).row();
    Record noPrecipitation =
        optionalColumns
            .enrich(
                JSON.readTree("{\"date\":\"2012-01-02\",\"weather\":\"rain\"}"), "w", 3, INGESTED)
            .row();

    assertThat(windy.getField("conditions")).isEqualTo("rain at 4.5");
    assertThat(nullWind.getField("conditions")).isNull();
    assertThat(noWind.getField("conditions")).isNull();
    assertThat(noPrecipitation.getField("precipitation_band")).isNull();
  }

  @Test
  void shouldRejectARecordThatLeavesARequiredColumnEmpty_withTheColumn() throws Exception {
    DataContract weather = Contracts.packaged().dataset("seattle_weather").orElseThrow();
    RowEnricher weatherEnricher =
        new RowEnricher(weather, ContractTables.schema(weather.table()), Map.of());

    RowEnricher.Result result =
        weatherEnricher.enrich(
            JSON.readTree(
                "{\"date\":\"2012-01-02\",\"precipitation\":1,\"temp_min\":2.8,\"weather\":\"rain\"}"),
            "w",
            0,
            INGESTED);

    assertThat(result.isRow()).isFalse();
    assertThat(result.rule()).isEqualTo("column-required");
    assertThat(result.column()).isEqualTo("temp_max_c");
    assertThat(result.message()).isEqualTo("required column temp_max_c has no value");
  }

  private static ObjectNode at(String date) {
    return flight("DTW", "LAS", 1, 100).put("date", date);
  }

  private static JsonNode day(String extraField) throws Exception {
    return JSON.readTree(
        "{\"date\":\"2012-01-02\",\"precipitation\":0,\"temp_max\":3,\"weather\":\"rain\","
            + extraField
            + "}");
  }

  private static Schema allOptional(Schema schema) {
    return new Schema(schema.columns().stream().map(Types.NestedField::asOptional).toList());
  }

  private static DataContract withDerived(DataContract c, DerivedColumnSpec derived) {
    EnrichmentSpec e = c.enrichment();
    List<DerivedColumnSpec> all = new ArrayList<>(e.derived());
    all.add(derived);
    return new DataContract(
        c.dataset(),
        c.version(),
        c.description(),
        c.owner(),
        c.input(),
        c.reference(),
        new EnrichmentSpec(e.eventTime(), e.copy(), all, e.joins(), e.lineage()),
        c.table(),
        c.maintenance(),
        c.budget());
  }

  private static ObjectNode flight(String origin, String destination, int delay, int distance) {
    return JSON.createObjectNode()
        .put("date", "2001/01/01 00:47")
        .put("delay", delay)
        .put("distance", distance)
        .put("origin", origin)
        .put("destination", destination);
  }
}
