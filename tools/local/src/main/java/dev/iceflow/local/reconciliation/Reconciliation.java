package dev.iceflow.local.reconciliation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Where published records ended up: rows in the table and lines in the quarantine, each (batch id,
 * record position) at most once among the rows. Every record is accounted for exactly once when
 * {@code rows + quarantined == published} and there are no duplicates. The demo reconciles every
 * batch; the end-to-end tests only theirs (the table and bucket outlive one test).
 *
 * @param rows rows of the kept batches in the table's current snapshot
 * @param duplicates rows whose (batch id, record position) came earlier
 * @param quarantined quarantine lines of the kept batches
 * @param freshnessMillis each snapshot's commit time minus its earliest ingest time, sorted
 * @param snapshots every snapshot of the table
 * @param dataFiles data files in the current snapshot
 */
public record Reconciliation(
    long rows,
    long duplicates,
    long quarantined,
    List<Long> freshnessMillis,
    int snapshots,
    long dataFiles) {

  private static final String EARLIEST_INGEST_TIME = "iceflow.earliest-ingest-time";
  private static final String BATCH_ID = "batch_id";
  private static final String RECORD_POSITION = "record_position";

  /** Every batch in the table and the quarantine. */
  public static Reconciliation of(Table table, QuarantineTally quarantine) {
    return of(table, quarantine, batchId -> true);
  }

  /** The batches {@code batches} accepts (the tally should keep the same ones). */
  public static Reconciliation of(
      Table table, QuarantineTally quarantine, Predicate<String> batches) {
    table.refresh();
    long rows = 0;
    long duplicates = 0;
    Set<String> seen = new HashSet<>();
    if (table.currentSnapshot() != null) {
      try (CloseableIterable<Record> read =
          IcebergGenerics.read(table).select(BATCH_ID, RECORD_POSITION).build()) {
        for (Record r : read) {
          String batchId = (String) r.getField(BATCH_ID);
          if (!batches.test(batchId)) {
            continue;
          }
          rows++;
          if (!seen.add(batchId + "#" + r.getField(RECORD_POSITION))) {
            duplicates++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
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
        rows, duplicates, quarantine.count(), List.copyOf(freshness), snapshots, files);
  }

  /** Rows in the current snapshot, from its summary: cheap enough to poll. */
  public static long rowsOnly(Table table) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    return current == null
        ? 0
        : Long.parseLong(current.summary().getOrDefault("total-records", "0"));
  }

  /** Every one of {@code published} records is a row or a quarantine line, none twice. */
  public boolean accountsFor(long published) {
    return rows + quarantined == published && duplicates == 0;
  }

  public long percentile(int p) {
    if (freshnessMillis.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * freshnessMillis.size()) - 1;
    return freshnessMillis.get(Math.max(0, Math.min(freshnessMillis.size() - 1, index)));
  }
}
