package dev.iceflow.ops.table;

import dev.iceflow.iceberg.ledger.BatchLedger.ReleaseOutcome;
import dev.iceflow.iceberg.ledger.BatchLedger.Released;
import java.io.PrintWriter;
import java.util.List;

/** What {@code ops table rollback} tells: what it undoes, then what it did. */
final class RollbackReport {

  private RollbackReport() {}

  static void printPlan(RollbackPlan plan, PrintWriter out) {
    out.printf(
        "Rolling %s back from snapshot %d to %d undoes %d snapshot(s):%n",
        plan.table(), plan.current(), plan.target(), plan.undone().size());
    for (SnapshotRow snapshot : plan.undone()) {
      out.printf(
          "  %d  %s  %-9s  +%d records, -%d records  batches: %s%n",
          snapshot.snapshotId(),
          snapshot.committedAt(),
          snapshot.operation(),
          snapshot.addedRecords(),
          snapshot.deletedRecords(),
          HistoryText.batches(snapshot.batchIds()));
    }
    List<String> batches = plan.undoneBatchIds();
    out.printf(
        "Batches undone (%d): %s%n",
        batches.size(), batches.isEmpty() ? "none" : String.join(", ", batches));
    out.flush();
  }

  static void printDone(
      RollbackPlan plan, String ledgerTable, List<Released> released, PrintWriter out) {
    out.printf(
        "%nRolled back %s to snapshot %d (was %d).%n", plan.table(), plan.target(), plan.current());
    out.printf(
        "Idempotency ledger %s: released %s; no entry %s; kept (committed elsewhere) %s.%n",
        ledgerTable,
        ids(released, ReleaseOutcome.RELEASED),
        ids(released, ReleaseOutcome.ABSENT),
        ids(released, ReleaseOutcome.HELD_ELSEWHERE));
    if (!plan.undoneBatchIds().isEmpty()) {
      out.println(
          "The undone batches are in neither the table nor the ledger now: a redelivery of any of"
              + " them is committed again, not dropped as already committed.");
      out.println(
          "  To bring them back: re-publish their ingest.batch messages under the same batch ids.");
      out.println(
          "  To keep them out: make sure upstream does not resend them; send corrected data under"
              + " new batch ids.");
    }
    out.flush();
  }

  private static String ids(List<Released> released, ReleaseOutcome outcome) {
    List<String> ids =
        released.stream().filter(r -> r.outcome() == outcome).map(Released::batchId).toList();
    return ids.isEmpty() ? "none" : String.join(", ", ids);
  }
}
