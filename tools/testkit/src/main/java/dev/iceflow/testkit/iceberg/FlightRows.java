package dev.iceflow.testkit.iceberg;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** For tests: enriched flights rows (the shape the enrichment stage writes), for catalog tests. */
public final class FlightRows {

  private FlightRows() {}

  public static List<Record> rows(Schema schema, String batchId, int count) {
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GenericRecord r = GenericRecord.create(schema);
      r.setField("event_time", LocalDateTime.of(2001, 1, 1, 0, 47).plusMinutes(i));
      r.setField("origin", "DTW");
      r.setField("destination", "LAS");
      r.setField("delay_minutes", i - 5);
      r.setField("distance_miles", 1750);
      r.setField("route", "DTW-LAS");
      r.setField("delay_category", i - 5 < 0 ? "early" : "on_time");
      r.setField("distance_band", "long");
      r.setField("origin_city", "Detroit");
      r.setField("destination_city", "Las Vegas");
      r.setField("batch_id", batchId);
      r.setField("record_position", i);
      r.setField("ingested_at", OffsetDateTime.of(2026, 11, 26, 8, 0, 0, 0, ZoneOffset.UTC));
      rows.add(r);
    }
    return rows;
  }
}
