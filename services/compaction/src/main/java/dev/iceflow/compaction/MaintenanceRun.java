package dev.iceflow.compaction;

import dev.iceflow.contracts.message.payload.TableName;
import java.time.Duration;
import java.time.Instant;

/**
 * What one maintenance run of one table did.
 *
 * @param maintainedBy the contract's mode: lambda, or glue-optimizer (then every count is 0)
 * @param orphanFilesFound unreferenced files older than the safety window; all removed unless the
 *     orphan dry run is on
 */
public record MaintenanceRun(
    TableName table,
    String runId,
    MaintenanceTrigger trigger,
    String maintainedBy,
    DataFileCompaction.Result dataFiles,
    ManifestCompaction.Result manifests,
    int expiredSnapshots,
    int orphanFilesFound,
    int orphanFilesRemoved,
    Duration duration,
    Instant completedAt) {

  /** Whether the run changed the table or tried to (a failed group counts: on-call wants it). */
  public boolean didWork() {
    return dataFiles.committedGroups() > 0
        || dataFiles.failedGroups() > 0
        || manifests.after() != manifests.before()
        || expiredSnapshots > 0
        || orphanFilesRemoved > 0;
  }

  /**
   * A scheduled run is always announced: cost-guard and on-call hear from every table once per
   * sweep, and a table Glue maintains is reported that way. A run after a commit is announced only
   * when it did something, or every commit would cause a table.compacted that says nothing.
   */
  public boolean worthAnnouncing() {
    return trigger == MaintenanceTrigger.SCHEDULE || didWork();
  }
}
