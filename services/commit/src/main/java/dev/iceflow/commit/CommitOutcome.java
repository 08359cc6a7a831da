package dev.iceflow.commit;

import java.util.List;
import java.util.Optional;
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

  /** Nothing committed, nothing recognised. */
  static final CommitOutcome NOTHING = new CommitOutcome(null, List.of(), List.of(), List.of());

  /** This outcome with {@code more} duplicates found before it (by the ledger). */
  CommitOutcome withDuplicates(List<Duplicate> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Duplicate> all = new java.util.ArrayList<>(more);
    all.addAll(duplicates);
    return new CommitOutcome(snapshot, committed, List.copyOf(all), schemaChanges);
  }

  /**
   * The snapshot that holds {@code batch}: this commit's when it added it, an earlier one when it
   * was a duplicate (empty once that one is expired, or when the batch is not in this outcome).
   */
  Optional<Snapshot> snapshotOf(StagedBatch batch) {
    if (committed.contains(batch)) {
      return Optional.ofNullable(snapshot);
    }
    return duplicates.stream()
        .filter(d -> d.batch().equals(batch))
        .findFirst()
        .map(Duplicate::snapshot);
  }

  /** A batch that an earlier snapshot already holds (null once that snapshot is expired). */
  record Duplicate(StagedBatch batch, Snapshot snapshot) {}
}
