package dev.iceflow.compaction.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.Table;

/** SKELETON (signature agreed between the helpers): finds and removes orphan files. */
public final class OrphanFiles {

  public OrphanFiles(Clock clock) {}

  /** Lists (dryRun) or removes the files under the table location no snapshot references. */
  public Report sweep(Table table, Duration safetyWindow, boolean dryRun) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The orphans found (older than the window) and how many were deleted (0 in a dry run). */
  public record Report(List<String> orphans, int removed) {}
}
