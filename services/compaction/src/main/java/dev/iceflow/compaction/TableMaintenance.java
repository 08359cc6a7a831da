package dev.iceflow.compaction;

import dev.iceflow.compaction.maintenance.OrphanFiles;
import dev.iceflow.compaction.maintenance.SnapshotExpiry;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.contracts.message.payload.TableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

/**
 * One maintenance run of one table, as its contract's maintenance section says: bin-pack small
 * files, then rewrite manifests (the rewrite's own manifests included), then, on the schedule,
 * expire snapshots and remove orphan files. A table AWS Glue's optimizers maintain is only looked
 * at.
 */
public final class TableMaintenance {

  private static final Logger LOG = Logger.getLogger(TableMaintenance.class);

  /** Expires old snapshots (SnapshotExpiry in production). */
  @FunctionalInterface
  public interface ExpiryStep {
    SnapshotExpiry.Result expire(Table table, MaintenanceSpec maintenance);
  }

  /** Finds and removes orphan files (OrphanFiles in production). */
  @FunctionalInterface
  public interface OrphanStep {
    OrphanFiles.Report sweep(Table table, Duration safetyWindow, boolean dryRun);
  }

  private final DataFileCompaction dataFiles;
  private final ManifestCompaction manifests;
  private final ExpiryStep expiry;
  private final OrphanStep orphans;
  private final Duration requiredOrphanWindow;
  private final boolean orphanDryRun;
  private final Clock clock;

  /**
   * @param requiredOrphanWindow the longest a staged file can wait for its commit (the topology's
   *     longestWaitBeforeCommit): no younger unreferenced file is an orphan
   */
  public TableMaintenance(
      DataFileCompaction dataFiles,
      ManifestCompaction manifests,
      ExpiryStep expiry,
      OrphanStep orphans,
      Duration requiredOrphanWindow,
      boolean orphanDryRun,
      Clock clock) {
    this.dataFiles = dataFiles;
    this.manifests = manifests;
    this.expiry = expiry;
    this.orphans = orphans;
    this.requiredOrphanWindow = requiredOrphanWindow;
    this.orphanDryRun = orphanDryRun;
    this.clock = clock;
  }

  public MaintenanceRun run(
      Table table, DataContract contract, MaintenanceTrigger trigger, RunDeadline deadline) {
    Instant started = clock.instant();
    String runId = UUID.randomUUID().toString();
    MaintenanceSpec spec = contract.maintenanceOrDefaults();
    TableName name = new TableName(contract.table().namespace(), contract.table().name());
    if (spec.maintainedByGlue()) {
      return watch(table, name, runId, trigger, started);
    }
    table.refresh();
    int manifestsAtStart = ManifestCompaction.dataManifests(table);
    DataFileCompaction.Result rewritten = dataFiles.compact(table, spec, runId, deadline);
    // decided on the manifests the rewrite left, reported against those the run found
    ManifestCompaction.Result manifestsRewritten =
        new ManifestCompaction.Result(
            manifestsAtStart,
            manifests.compact(table, spec.manifestRewriteThreshold(), runId).after());
    int expired = 0;
    int orphansFound = 0;
    int orphansRemoved = 0;
    if (trigger.expiresAndSweeps()) {
      expired = expiry.expire(table, spec).expiredSnapshots();
      Duration window = spec.orphanSafetyWindow(requiredOrphanWindow);
      OrphanFiles.Report swept = orphans.sweep(table, window, orphanDryRun);
      orphansFound = swept.orphans().size();
      orphansRemoved = swept.removed();
    }
    Instant completed = clock.instant();
    MaintenanceRun run =
        new MaintenanceRun(
            name,
            runId,
            trigger,
            spec.mode(),
            rewritten,
            manifestsRewritten,
            expired,
            orphansFound,
            orphansRemoved,
            Duration.between(started, completed),
            completed);
    LOG.infof(
        "maintained %s (%s, run %s): %d group(s) committed, %d failed, %d deferred; manifests %d -> %d; %d snapshot(s) expired, %d orphan(s) removed",
        name.qualifiedName(),
        trigger.wireName(),
        runId,
        rewritten.committedGroups(),
        rewritten.failedGroups(),
        rewritten.deferredGroups(),
        manifestsRewritten.before(),
        manifestsRewritten.after(),
        expired,
        orphansRemoved);
    return run;
  }

  /** Glue's optimizers maintain the table: report how it looks, change nothing. */
  private MaintenanceRun watch(
      Table table, TableName name, String runId, MaintenanceTrigger trigger, Instant started) {
    table.refresh();
    int manifestCount = ManifestCompaction.dataManifests(table);
    Instant completed = clock.instant();
    return new MaintenanceRun(
        name,
        runId,
        trigger,
        MaintenanceSpec.MODE_GLUE_OPTIMIZER,
        DataFileCompaction.Result.NOTHING,
        new ManifestCompaction.Result(manifestCount, manifestCount),
        0,
        0,
        0,
        Duration.between(started, completed),
        completed);
  }
}
