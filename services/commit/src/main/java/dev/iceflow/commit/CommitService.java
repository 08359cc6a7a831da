package dev.iceflow.commit;

import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.TableCommittedV1;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.iceberg.TableCatalog;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.jboss.logging.Logger;

/**
 * The commit stage for one table: commits the staged batches exactly once (retrying conflicts with
 * refresh and exponential backoff, bounded) and announces the snapshot with table.committed. A
 * batch found already committed (a redelivery, or a crash after the commit but before SQS heard of
 * it) is dropped, and its snapshot is announced again under the same message id.
 */
@ApplicationScoped
public class CommitService {

  private static final Logger LOG = Logger.getLogger(CommitService.class);

  private final Contracts contracts;
  private final StageEvents events;
  private final EventPublisher publisher;
  private final CommitConfig config;
  private final TableCatalog catalog;
  private final Guard retryConflicts;
  private final AddedFiles addedFiles = new AddedFiles();
  private final Map<String, Table> tables = new ConcurrentHashMap<>();

  @Inject
  public CommitService(
      Contracts contracts,
      EnvelopeCodec codec,
      EventPublisher publisher,
      CommitConfig config,
      TableCatalog catalog) {
    this.contracts = contracts;
    this.events = new StageEvents(Stage.COMMIT, codec);
    this.publisher = publisher;
    this.config = config;
    this.catalog = catalog;
    this.retryConflicts =
        Guard.create()
            .withDescription("commit staged files")
            .withRetry()
            .maxRetries(config.maxAttempts() - 1)
            .delay(config.initialBackoffMs(), ChronoUnit.MILLIS)
            .jitter(config.initialBackoffMs() / 2, ChronoUnit.MILLIS)
            .retryOn(List.of(CommitFailedException.class, CommitStateUnknownException.class))
            .withExponentialBackoff()
            .factor(2)
            .maxDelay(config.maxBackoffMs(), ChronoUnit.MILLIS)
            .done()
            .done()
            .build();
  }

  /** Commits one table's staged batches; throws when retries run out (the messages go back). */
  public CommitOutcome commit(String dataset, List<StagedBatch> batches) throws Exception {
    DataContract contract = contracts.requireDataset(dataset);
    // loaded (or created) once per container; every attempt refreshes it
    Table table =
        tables.computeIfAbsent(
            contract.table().qualifiedName(), t -> catalog.loadOrCreate(contract.table()));
    CommitOutcome outcome =
        retryConflicts.call(
            () ->
                TableCommitter.attempt(
                    table, contract, batches, config.lookbackSnapshots(), addedFiles),
            CommitOutcome.class);
    announce(table, outcome);
    return outcome;
  }

  private void announce(Table table, CommitOutcome outcome) {
    Map<Long, Snapshot> toAnnounce = new LinkedHashMap<>();
    outcome.duplicates().forEach(d -> toAnnounce.put(d.snapshot().snapshotId(), d.snapshot()));
    if (outcome.snapshot() != null) {
      toAnnounce.put(outcome.snapshot().snapshotId(), outcome.snapshot());
      LOG.infof(
          "committed %s snapshot %d: batches %s%s; %d duplicate(s) dropped",
          table.name(),
          outcome.snapshot().snapshotId(),
          outcome.committed().stream().map(StagedBatch::batchId).toList(),
          outcome.schemaChanges().isEmpty() ? "" : " with " + outcome.schemaChanges(),
          outcome.duplicates().size());
    }
    for (Snapshot snapshot : toAnnounce.values()) {
      StagedBatch cause =
          outcome.duplicates().stream()
              .filter(d -> d.snapshot().snapshotId() == snapshot.snapshotId())
              .map(CommitOutcome.Duplicate::batch)
              .findFirst()
              .orElseGet(() -> outcome.committed().get(0));
      publisher.publish(
          Topics.EVENTS,
          events.derive(
              cause.envelope(),
              "%s.committed.%d".formatted(table.name(), snapshot.snapshotId()),
              payload(cause, snapshot, outcome)));
    }
  }

  private static TableCommittedV1 payload(
      StagedBatch cause, Snapshot snapshot, CommitOutcome outcome) {
    Map<String, String> summary = snapshot.summary();
    Instant committedAt = Instant.ofEpochMilli(snapshot.timestampMillis());
    Instant earliest = Instant.parse(summary.get(SnapshotSummaryKeys.EARLIEST_INGEST_TIME));
    return new TableCommittedV1(
        cause.payload().table(),
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
