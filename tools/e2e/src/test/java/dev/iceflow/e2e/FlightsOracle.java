package dev.iceflow.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Each row's values recomputed from the flight that was published, independently of the pipeline's
 * code: the flights contract's enrichment written out by hand (event time, copies, route, delay and
 * distance bands, both airport joins from the airports CSV, lineage), so a wrong value in the table
 * cannot agree with a wrong recomputation made by the same code.
 */
final class FlightsOracle {

  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
  private static final int MAX_REPORTED = 10;

  private final Map<String, Airport> airports = new HashMap<>();

  /** {@code airportsCsv}: the reference file as uploaded (iata,name,city,state,country,lat,lon). */
  FlightsOracle(String airportsCsv) {
    airportsCsv
        .lines()
        .skip(1)
        .filter(line -> !line.isBlank())
        .map(line -> line.split(",", -1))
        .forEach(
            f ->
                airports.put(
                    f[0],
                    new Airport(f[2], f[3], Double.parseDouble(f[5]), Double.parseDouble(f[6]))));
  }

  /**
   * The rows of {@code batches} whose values differ from the recomputation, described (at most
   * {@value #MAX_REPORTED}), and how many rows were compared.
   */
  Comparison compare(Table table, Map<String, PublishedBatch> batches) {
    table.refresh();
    List<String> differences = new ArrayList<>();
    long compared = 0;
    long differing = 0;
    if (table.currentSnapshot() == null) {
      return new Comparison(0, 0, differences);
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        PublishedBatch batch = batches.get((String) row.getField("batch_id"));
        if (batch == null) {
          continue;
        }
        compared++;
        int position = (Integer) row.getField("record_position");
        Map<String, Object> expected = expectedRow(batch, position);
        for (Map.Entry<String, Object> column : expected.entrySet()) {
          Object actual = row.getField(column.getKey());
          if (!Objects.equals(actual, column.getValue())) {
            differing++;
            if (differences.size() < MAX_REPORTED) {
              differences.add(
                  "%s#%d %s: table %s, expected %s"
                      .formatted(
                          batch.batchId(), position, column.getKey(), actual, column.getValue()));
            }
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Comparison(compared, differing, differences);
  }

  /** What the contract makes of the record at {@code position}. */
  private Map<String, Object> expectedRow(PublishedBatch batch, int position) {
    ObjectNode flight = batch.records().get(position);
    String origin = flight.get("origin").asText();
    String destination = flight.get("destination").asText();
    int delay = flight.get("delay").asInt();
    int distance = flight.get("distance").asInt();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("event_time", LocalDateTime.parse(flight.get("date").asText(), EVENT_TIME));
    row.put("origin", origin);
    row.put("destination", destination);
    row.put("delay_minutes", delay);
    row.put("distance_miles", distance);
    row.put("route", origin + "-" + destination);
    row.put(
        "delay_category",
        delay < 0 ? "early" : delay < 15 ? "on_time" : delay < 60 ? "late" : "very_late");
    row.put("distance_band", distance < 500 ? "short" : distance < 1500 ? "medium" : "long");
    airports.get(origin).putInto(row, "origin_");
    airports.get(destination).putInto(row, "destination_");
    row.put(
        "ingested_at",
        OffsetDateTime.ofInstant(
            batch.ingestTime().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    return row;
  }

  /** How many rows were compared and which differed. */
  record Comparison(long compared, long differing, List<String> examples) {}

  private record Airport(String city, String state, double latitude, double longitude) {
    void putInto(Map<String, Object> row, String prefix) {
      row.put(prefix + "city", city);
      row.put(prefix + "state", state);
      row.put(prefix + "latitude", latitude);
      row.put(prefix + "longitude", longitude);
    }
  }
}
