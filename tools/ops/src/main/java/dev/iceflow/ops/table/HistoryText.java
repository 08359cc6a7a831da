package dev.iceflow.ops.table;

import java.io.PrintWriter;
import java.util.List;

/** {@code ops table history}: one line per snapshot. */
final class HistoryText {

  private HistoryText() {}

  static void print(TableHistory history, PrintWriter out) {
    if (history.snapshots().isEmpty()) {
      out.printf("%s has no snapshot.%n", history.table());
      out.flush();
      return;
    }
    out.printf(
        "Snapshots of %s, oldest first (* current, ~ not in the current history):%n",
        history.table());
    out.printf(
        "    %-20s  %-24s  %-9s  %9s  %9s  %6s  %6s  %s%n",
        "snapshot",
        "committed at",
        "operation",
        "+records",
        "-records",
        "+files",
        "-files",
        "batches");
    for (SnapshotRow row : history.snapshots()) {
      out.printf(
          "  %s %-20d  %-24s  %-9s  %9d  %9d  %6d  %6d  %s%n",
          marker(row),
          row.snapshotId(),
          row.committedAt(),
          row.operation(),
          row.addedRecords(),
          row.deletedRecords(),
          row.addedFiles(),
          row.deletedFiles(),
          batches(row.batchIds()));
    }
    out.flush();
  }

  static String marker(SnapshotRow row) {
    if (row.current()) {
      return "*";
    }
    return row.inCurrentHistory() ? " " : "~";
  }

  static String batches(List<String> batchIds) {
    return batchIds.isEmpty() ? "-" : String.join(", ", batchIds);
  }
}
