package dev.iceflow.local.demo;

import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * What a query engine meets in the current snapshot: rows, data files and their bytes, and the data
 * manifests a scan plan reads first. From the snapshot's summary and manifest list, not a scan.
 */
record TableShape(long rows, long dataFiles, long dataBytes, int dataManifests) {

  static TableShape of(Table table) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return new TableShape(0, 0, 0, 0);
    }
    Map<String, String> summary = current.summary();
    return new TableShape(
        total(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
        total(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP),
        total(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP),
        current.dataManifests(table.io()).size());
  }

  private static long total(Map<String, String> summary, String property) {
    return Long.parseLong(summary.getOrDefault(property, "0"));
  }
}
