package dev.iceflow.ops.compact;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/** How many data files each table's current snapshot has (Iceberg's summary total). */
final class DataFileCounts {

  private DataFileCounts() {}

  /** Per qualified table name; a table not created yet or without a snapshot is left out. */
  static Map<String, Long> read(Catalog catalog, Iterable<String> tables) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : tables) {
      TableIdentifier id = TableIdentifier.parse(table);
      if (!catalog.tableExists(id)) {
        continue;
      }
      Optional.ofNullable(catalog.loadTable(id).currentSnapshot())
          .map(DataFileCounts::total)
          .ifPresent(total -> counts.put(table, total));
    }
    return counts;
  }

  private static long total(Snapshot snapshot) {
    String total = snapshot.summary().get(SnapshotSummary.TOTAL_DATA_FILES_PROP);
    return total == null ? 0 : Long.parseLong(total);
  }
}
