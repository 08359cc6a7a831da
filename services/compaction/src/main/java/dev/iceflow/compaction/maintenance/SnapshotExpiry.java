package dev.iceflow.compaction.maintenance;

import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.iceberg.CatalogFactory;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.iceberg.ledger.BatchLedger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

/**
 * Expires the snapshots the data contract no longer keeps (older than its retention, beyond its
 * newest {@code minSnapshotsToKeep}), with Iceberg's own ExpireSnapshots, which also deletes the
 * files only they reference. The idempotency ledger is settled first: a PENDING entry whose commit
 * landed in a snapshot about to go becomes COMMITTED, because once the snapshot is gone the commit
 * stage can no longer find its commit id, and would commit the batch again.
 *
 * <ol>
 *   <li>{@link #planned}: Iceberg computes what the policy expires ({@code apply()}, no commit).
 *   <li>{@link #settle}: the ledger entries of those snapshots are completed. A failure stops here:
 *       nothing is expired, and the exception goes back with the message.
 *   <li>{@link #expireExactly}: exactly those snapshots are expired. Iceberg's {@code commit()}
 *       recomputes its policy on the table as it is then, and a snapshot committed meanwhile can
 *       push an older, unsettled one out of the newest-N window; naming the ids, with an age
 *       cut-off nothing is older than, expires the settled set and nothing else.
 * </ol>
 */
public final class SnapshotExpiry {

  private static final Logger LOG = Logger.getLogger(SnapshotExpiry.class);

  /**
   * Age cut-off of the final commit: no snapshot is older than the epoch, so Iceberg's age rule
   * keeps every snapshot and only the ids named are expired (RemoveSnapshots removes named ids plus
   * whatever its retention rules do not keep).
   */
  private static final long NOTHING_BY_AGE = 0L;

  /** How Iceberg names a catalog's tables: the catalog name, a dot, the identifier. */
  private static final String TABLE_NAME_PREFIX = CatalogFactory.CATALOG_NAME + ".";

  private final BatchLedger ledger;
  private final Clock clock;

  public SnapshotExpiry(BatchLedger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  public Result expire(Table table, MaintenanceSpec maintenance) {
    MaintenanceSpec policy = maintenance.withDefaults();
    table.refresh();
    requireContractRetention(table);
    List<Snapshot> expiring = planned(table, policy);
    if (expiring.isEmpty()) {
      return new Result(0, 0);
    }
    int settled = settle(ledgerTable(table), expiring);
    expireExactly(table, expiring);
    LOG.infof(
        "expired %d snapshot(s) of %s (kept %s, at least %d); %d pending ledger entr(ies) settled first",
        expiring.size(),
        table.name(),
        policy.snapshotRetention(),
        policy.minSnapshotsToKeep(),
        settled);
    return new Result(expiring.size(), settled);
  }

  /** What the contract's policy expires now, computed by Iceberg without committing. */
  private List<Snapshot> planned(Table table, MaintenanceSpec policy) {
    return table
        .expireSnapshots()
        .expireOlderThan(clock.millis() - policy.snapshotRetention().toMillis())
        .retainLast(policy.minSnapshotsToKeep())
        .apply();
  }

  /** Completes the PENDING ledger entries of the batches the expiring snapshots committed. */
  private int settle(String ledgerTable, List<Snapshot> expiring) {
    int settled = 0;
    for (Snapshot snapshot : expiring) {
      Map<String, String> summary = snapshot.summary();
      String commitId = summary.get(SnapshotSummaryKeys.COMMIT_ID);
      List<String> batchIds = SnapshotSummaryKeys.batchIds(summary);
      if (commitId != null && !batchIds.isEmpty()) {
        settled += ledger.settle(ledgerTable, commitId, batchIds, snapshot.snapshotId());
      }
    }
    return settled;
  }

  private static void expireExactly(Table table, List<Snapshot> settled) {
    ExpireSnapshots expire =
        table.expireSnapshots().expireOlderThan(NOTHING_BY_AGE).cleanExpiredFiles(true);
    for (Snapshot snapshot : settled) {
      expire = expire.expireSnapshotId(snapshot.snapshotId());
    }
    expire.commit();
  }

  /**
   * Refuses a table whose branches carry their own snapshot retention: Iceberg applies it over any
   * age cut-off or count given to ExpireSnapshots, so the final commit could expire snapshots the
   * ledger was not settled for, and the contract's retention would not be what holds.
   */
  private static void requireContractRetention(Table table) {
    for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
      SnapshotRef branch = ref.getValue();
      if (branch.isBranch()
          && (branch.maxSnapshotAgeMs() != null || branch.minSnapshotsToKeep() != null)) {
        throw new IllegalStateException(
            "branch %s of %s sets its own snapshot retention (max age %s ms, min snapshots %s); the data contract's maintenance section governs retention here, so remove it from the branch"
                .formatted(
                    ref.getKey(),
                    table.name(),
                    branch.maxSnapshotAgeMs(),
                    branch.minSnapshotsToKeep()));
      }
    }
  }

  /**
   * The table as the ledger keys it ({@code namespace.name}, as the commit stage writes it):
   * Iceberg names a catalog's table {@code catalog.namespace.name}.
   */
  static String ledgerTable(Table table) {
    if (!table.name().startsWith(TABLE_NAME_PREFIX)) {
      throw new IllegalArgumentException(
          "table %s is not of the catalog %s, so its ledger entries cannot be named"
              .formatted(table.name(), CatalogFactory.CATALOG_NAME));
    }
    return table.name().substring(TABLE_NAME_PREFIX.length());
  }

  /** What one expiry did. */
  public record Result(int expiredSnapshots, int ledgerEntriesSettled) {}
}
