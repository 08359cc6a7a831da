package dev.iceflow.testkit.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** For tests: a table's rows read back through Iceberg's generic reader, copied out. */
public final class TableRows {

  private static final String BATCH_ID = "batch_id";

  private TableRows() {}

  /** The rows of one batch in the table's current snapshot. */
  public static List<Record> ofBatch(Table table, String batchId) {
    return read(IcebergGenerics.read(table).where(Expressions.equal(BATCH_ID, batchId)));
  }

  /** Every row as of {@code snapshotId} (time travel). */
  public static List<Record> asOf(Table table, long snapshotId) {
    return read(IcebergGenerics.read(table).useSnapshot(snapshotId));
  }

  private static List<Record> read(IcebergGenerics.ScanBuilder scan) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = scan.build()) {
      read.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
