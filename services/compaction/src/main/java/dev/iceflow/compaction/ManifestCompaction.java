package dev.iceflow.compaction;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.jboss.logging.Logger;

/**
 * Rewrites a table's data manifests once the current snapshot has more than the contract's
 * threshold: each fast append adds a manifest, and planning a query reads every one. Iceberg's
 * RewriteManifests does the work; it rewrites nothing without a cluster function, and clustering by
 * partition would give a day-partitioned table one manifest per day, so every data file goes into
 * one cluster, written in rolling manifests of the table's commit.manifest.target-size-bytes.
 */
public final class ManifestCompaction {

  private static final Logger LOG = Logger.getLogger(ManifestCompaction.class);
  private static final String ONE_CLUSTER = "all";

  /** Data manifests of the current snapshot before and after. */
  public record Result(int before, int after) {}

  public Result compact(Table table, int threshold, String runId) {
    table.refresh();
    int before = dataManifests(table);
    if (before <= threshold) {
      return new Result(before, before);
    }
    try {
      table
          .rewriteManifests()
          .clusterBy(file -> ONE_CLUSTER)
          .set(MaintenanceSnapshots.RUN_ID, runId)
          .commit();
    } catch (ValidationException | CommitFailedException e) {
      // another writer rewrote or removed these manifests meanwhile: its result stands
      LOG.warnf(
          "cannot rewrite the %d manifests of %s because they changed meanwhile (%s); left as they are",
          before, table.name(), e.getMessage());
    }
    table.refresh();
    int after = dataManifests(table);
    LOG.infof("%s: %d data manifest(s) rewritten into %d", table.name(), before, after);
    return new Result(before, after);
  }

  /** Data manifests of the current snapshot (0 for a table without one). */
  public static int dataManifests(Table table) {
    Snapshot current = table.currentSnapshot();
    return current == null ? 0 : current.dataManifests(table.io()).size();
  }
}
