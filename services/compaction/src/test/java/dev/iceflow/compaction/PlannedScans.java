package dev.iceflow.compaction;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.events.Listeners;
import org.apache.iceberg.events.ScanEvent;

/**
 * Counts the scans Iceberg plans on a table: Iceberg announces every planFiles (a ScanEvent) in the
 * planning thread, and a compaction run plans its table exactly once, so the scans of a table
 * during an invocation are its runs.
 */
final class PlannedScans {

  private static final List<ScanEvent> SCANS = new CopyOnWriteArrayList<>();

  static {
    // Iceberg's listeners cannot be removed: one is registered for the JVM
    Listeners.register(SCANS::add, ScanEvent.class);
  }

  private PlannedScans() {}

  /** How many scans of {@code tableName} ({@code namespace.name}) {@code work} planned. */
  static long during(String tableName, Runnable work) {
    int from = SCANS.size();
    work.run();
    return SCANS.subList(from, SCANS.size()).stream()
        .filter(scan -> scan.tableName().endsWith(tableName))
        .count();
  }
}
