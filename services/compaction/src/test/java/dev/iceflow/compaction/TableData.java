package dev.iceflow.compaction;

import static dev.iceflow.testkit.lambda.HandlerHarness.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.ScheduleTickV1;
import dev.iceflow.contracts.message.payload.TableCommittedV1;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.iceberg.TableRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What the tests do to a table as the other writer (the commit stage, a second compaction): small
 * flights files on one day, appended as a commit would; the table read back; the messages a commit
 * and the schedule send.
 */
final class TableData {

  static final LocalDate DAY = LocalDate.of(2001, 1, 1);
  private static final int MINUTES = 24 * 60;

  private final Catalog writer;

  TableData(Catalog writer) {
    this.writer = writer;
  }

  Table table(DataContract contract) {
    return ContractTableCreator.loadOrCreate(writer, contract.table());
  }

  /** {@code files} Parquet files of {@code rowsPerFile} rows on {@code day}, uncommitted. */
  static List<DataFile> write(Table table, LocalDate day, int files, int rowsPerFile) {
    List<DataFile> written = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      List<Record> rows = FlightRows.rows(table.schema(), "b-" + UUID.randomUUID(), rowsPerFile);
      for (Record row : rows) {
        row.setField(
            "event_time",
            day.atStartOfDay()
                .plusMinutes(
                    ((long) f * rowsPerFile + (int) row.getField("record_position")) % MINUTES));
      }
      written.add(ParquetFiles.write(table, rows));
    }
    return written;
  }

  /** Appends the files in one commit, as the commit stage does; the snapshot it made. */
  static Snapshot append(Table table, List<DataFile> files) {
    table.refresh();
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
    return table.currentSnapshot();
  }

  /** Every row as of the snapshot, each as the list of all its column values. */
  static List<List<Object>> rows(Table table, long snapshotId) {
    return TableRows.asOf(table, snapshotId).stream()
        .map(r -> IntStream.range(0, r.size()).mapToObj(r::get).toList())
        .toList();
  }

  static List<List<Object>> currentRows(Table table) {
    table.refresh();
    return rows(table, table.currentSnapshot().snapshotId());
  }

  /** The data files of the snapshot. */
  static List<DataFile> files(Table table, long snapshotId) {
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshotId).planFiles()) {
      return StreamSupport.stream(tasks.spliterator(), false).map(FileScanTask::file).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<DataFile> currentFiles(Table table) {
    table.refresh();
    return files(table, table.currentSnapshot().snapshotId());
  }

  static boolean exists(Table table, String location) {
    return table.io().newInputFile(location).exists();
  }

  /** The snapshots maintenance made, newest first. */
  static List<Snapshot> maintenanceSnapshots(Table table) {
    table.refresh();
    List<Snapshot> made = new ArrayList<>();
    table
        .snapshots()
        .forEach(
            s -> {
              if (s.summary().containsKey(MaintenanceSnapshots.RUN_ID)) {
                made.add(0, s);
              }
            });
    return made;
  }

  /** The table.committed the commit stage sends for {@code snapshot}. */
  static ObjectNode committed(DataContract contract, Snapshot snapshot) {
    TableCommittedV1 payload =
        new TableCommittedV1(
            new TableName(contract.table().namespace(), contract.table().name()),
            snapshot.snapshotId(),
            snapshot.sequenceNumber(),
            UUID.randomUUID().toString(),
            Instant.ofEpochMilli(snapshot.timestampMillis()),
            List.of("b-" + snapshot.snapshotId()),
            Long.parseLong(snapshot.summary().getOrDefault("added-data-files", "0")),
            Long.parseLong(snapshot.summary().getOrDefault("added-records", "0")),
            Long.parseLong(snapshot.summary().getOrDefault("added-files-size", "0")),
            Instant.ofEpochMilli(snapshot.timestampMillis()).minusSeconds(5),
            5000,
            snapshot.schemaId(),
            0);
    return json(
        Envelope.originating(
            "%s.committed.%d".formatted(contract.table().qualifiedName(), snapshot.snapshotId()),
            payload,
            "1.0",
            "urn:iceflow:commit",
            Instant.now(),
            contract.dataset(),
            "corr-" + snapshot.snapshotId()));
  }

  /** A tick of {@code schedule}, as EventBridge (or the local platform) sends it. */
  static ObjectNode tick(String schedule) {
    String id = "schedule.%s.%s".formatted(schedule, UUID.randomUUID());
    return json(
        Envelope.originating(
            id,
            new ScheduleTickV1(schedule, 60, Instant.now()),
            "1.0",
            "urn:iceflow:scheduler",
            Instant.now(),
            "*",
            id));
  }
}
