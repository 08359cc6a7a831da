package dev.iceflow.commit;

import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.tracing.SpanAttributes;
import dev.iceflow.common.tracing.StageSpan;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Traces one Iceberg commit of several batches: each batch's commit span in its own trace (a child
 * of its datafiles.staged), all over the same work, each with its rows and files and the snapshot
 * that holds its batch. The first batch's span is current, so table.committed for it is sent in
 * that span; announcements caused by another batch are sent in that batch's message context.
 */
final class CommitSpans {

  private CommitSpans() {}

  static CommitOutcome traced(
      Tracing tracing, List<StagedBatch> batches, Callable<CommitOutcome> commit) throws Exception {
    StagedBatch first = batches.get(0);
    List<StageSpan> others = new ArrayList<>();
    try {
      for (StagedBatch batch : batches.subList(1, batches.size())) {
        others.add(describe(tracing.startBeside(Stage.COMMIT, batch.envelope()), batch));
      }
      return tracing.within(
          Stage.COMMIT,
          first.envelope(),
          span -> {
            describe(span, first);
            CommitOutcome outcome;
            try {
              outcome = commit.call();
            } catch (Exception e) {
              others.forEach(other -> other.failed(e));
              throw e;
            }
            snapshot(span, first, outcome);
            for (int i = 0; i < others.size(); i++) {
              snapshot(others.get(i), batches.get(i + 1), outcome);
            }
            return outcome;
          });
    } finally {
      others.forEach(StageSpan::close);
    }
  }

  private static StageSpan describe(StageSpan span, StagedBatch batch) {
    long rows = batch.files().stream().mapToLong(StagedFile::recordCount).sum();
    return span.batch(batch.batchId())
        .attribute(SpanAttributes.RECORDS_IN, rows)
        .files(batch.files().size());
  }

  private static void snapshot(StageSpan span, StagedBatch batch, CommitOutcome outcome) {
    outcome.snapshotOf(batch).ifPresent(s -> span.snapshot(s.snapshotId()));
  }
}
