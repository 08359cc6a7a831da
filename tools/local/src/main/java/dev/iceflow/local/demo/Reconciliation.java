package dev.iceflow.local.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import software.amazon.awssdk.services.s3.S3Client;

/** Where every published record ended up: rows in the table, lines in the quarantine. */
record Reconciliation(
    long rows,
    long duplicates,
    long quarantined,
    List<Long> freshnessMillis,
    int snapshots,
    long dataFiles) {

  private static final String EARLIEST_INGEST_TIME = "iceflow.earliest-ingest-time";

  static Reconciliation of(Table table, S3Client s3, String quarantineBucket) throws Exception {
    table.refresh();
    long rows = 0;
    long duplicates = 0;
    Set<String> seen = new HashSet<>();
    if (table.currentSnapshot() != null) {
      try (CloseableIterable<Record> read =
          IcebergGenerics.read(table).select("batch_id", "record_position").build()) {
        for (Record r : read) {
          rows++;
          if (!seen.add(r.getField("batch_id") + "#" + r.getField("record_position"))) {
            duplicates++;
          }
        }
      }
    }
    List<Long> freshness = new ArrayList<>();
    int snapshots = 0;
    for (Snapshot snapshot : table.snapshots()) {
      snapshots++;
      String earliest = snapshot.summary().get(EARLIEST_INGEST_TIME);
      if (earliest != null) {
        freshness.add(snapshot.timestampMillis() - Instant.parse(earliest).toEpochMilli());
      }
    }
    Collections.sort(freshness);
    long files =
        table.currentSnapshot() == null
            ? 0
            : Long.parseLong(
                table.currentSnapshot().summary().getOrDefault("total-data-files", "0"));
    return new Reconciliation(
        rows,
        duplicates,
        new QuarantineTally(s3, quarantineBucket).count(),
        freshness,
        snapshots,
        files);
  }

  static long rowsOnly(Table table) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    return current == null
        ? 0
        : Long.parseLong(current.summary().getOrDefault("total-records", "0"));
  }

  long percentile(int p) {
    if (freshnessMillis.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * freshnessMillis.size()) - 1;
    return freshnessMillis.get(Math.max(0, Math.min(freshnessMillis.size() - 1, index)));
  }
}
