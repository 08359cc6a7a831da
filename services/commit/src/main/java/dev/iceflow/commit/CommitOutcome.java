package dev.iceflow.commit;

import java.util.List;
import org.apache.iceberg.Snapshot;

/**
 * What one commit did: the snapshot it made (absent when every batch was already committed), the
 * batches it added, and the batches it recognised as committed before (with their snapshots).
 */
record CommitOutcome(
    Snapshot snapshot,
    List<StagedBatch> committed,
    List<Duplicate> duplicates,
    List<String> schemaChanges) {

  /** A batch that an earlier snapshot already holds. */
  record Duplicate(StagedBatch batch, Snapshot snapshot) {}
}
