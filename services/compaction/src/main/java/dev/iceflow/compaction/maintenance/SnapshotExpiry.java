package dev.iceflow.compaction.maintenance;

import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.iceberg.ledger.BatchLedger;
import java.time.Clock;
import org.apache.iceberg.Table;

/**
 * SKELETON (signature agreed between the helpers): expires snapshots, settling the ledger first.
 */
public final class SnapshotExpiry {

  public SnapshotExpiry(BatchLedger ledger, Clock clock) {}

  public Result expire(Table table, MaintenanceSpec maintenance) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** What one expiry did. */
  public record Result(int expiredSnapshots, int ledgerEntriesSettled) {}
}
