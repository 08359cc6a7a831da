package dev.iceflow.commit;

import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.contracts.message.payload.TableCommittedV1;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

/**
 * Announces each snapshot a commit made or found with table.committed. The message id derives from
 * the table and snapshot, so announcing a snapshot again (for a redelivered batch) publishes the
 * same id: consumers see one snapshot once.
 */
@ApplicationScoped
public class CommitAnnouncer {

  private static final Logger LOG = Logger.getLogger(CommitAnnouncer.class);

  private final StageEvents events;
  private final EventPublisher publisher;

  @Inject
  public CommitAnnouncer(EnvelopeCodec codec, EventPublisher publisher) {
    this.events = new StageEvents(Stage.COMMIT, codec);
    this.publisher = publisher;
  }

  void announce(Table table, CommitOutcome outcome) {
    Map<Long, StagedBatch> causes = new LinkedHashMap<>();
    Map<Long, Snapshot> snapshots = new LinkedHashMap<>();
    for (CommitOutcome.Duplicate duplicate : outcome.duplicates()) {
      if (duplicate.snapshot() == null) {
        LOG.infof(
            "batch %s is already in %s, in a snapshot expired since: nothing to announce",
            duplicate.batch().batchId(), table.name());
        continue;
      }
      causes.putIfAbsent(duplicate.snapshot().snapshotId(), duplicate.batch());
      snapshots.putIfAbsent(duplicate.snapshot().snapshotId(), duplicate.snapshot());
    }
    if (outcome.snapshot() != null) {
      causes.putIfAbsent(outcome.snapshot().snapshotId(), outcome.committed().get(0));
      snapshots.put(outcome.snapshot().snapshotId(), outcome.snapshot());
    }
    snapshots.forEach(
        (id, snapshot) ->
            publisher.publish(
                Topics.EVENTS,
                events.derive(
                    causes.get(id).envelope(),
                    "%s.committed.%d".formatted(table.name(), id),
                    payload(causes.get(id), snapshot, outcome))));
  }

  private static TableCommittedV1 payload(
      StagedBatch cause, Snapshot snapshot, CommitOutcome outcome) {
    Map<String, String> summary = snapshot.summary();
    Instant committedAt = Instant.ofEpochMilli(snapshot.timestampMillis());
    Instant earliest = Instant.parse(summary.get(SnapshotSummaryKeys.EARLIEST_INGEST_TIME));
    return new TableCommittedV1(
        cause.table(),
        snapshot.snapshotId(),
        snapshot.sequenceNumber(),
        summary.get(SnapshotSummaryKeys.COMMIT_ID),
        committedAt,
        SnapshotSummaryKeys.batchIds(summary),
        count(summary, SnapshotSummary.ADDED_FILES_PROP),
        count(summary, SnapshotSummary.ADDED_RECORDS_PROP),
        count(summary, SnapshotSummary.ADDED_FILE_SIZE_PROP),
        earliest,
        Math.max(0, committedAt.toEpochMilli() - earliest.toEpochMilli()),
        snapshot.schemaId(),
        snapshot == outcome.snapshot() ? outcome.duplicates().size() : null);
  }

  private static long count(Map<String, String> summary, String property) {
    return Long.parseLong(summary.getOrDefault(property, "0"));
  }
}
