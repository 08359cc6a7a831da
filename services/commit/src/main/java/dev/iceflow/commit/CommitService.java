package dev.iceflow.commit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.cdi.BucketDirectory;
import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.iceberg.CatalogFactory;
import dev.iceflow.iceberg.ContractTableCreator;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
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
  static final String SOURCE = "urn:iceflow:commit";
  static final String EVENTS_TOPIC = "events";
  static final String WAREHOUSE_BUCKET = "warehouse";

  private final Contracts contracts;
  private final EventPublisher publisher;
  private final CommitConfig config;
  private final IceflowConfig iceflow;
  private final BucketDirectory buckets;
  private final Guard retryConflicts;
  private final AddedFiles addedFiles = new AddedFiles();
  private final Map<String, Table> tables = new java.util.concurrent.ConcurrentHashMap<>();
  private Catalog catalog;

  @Inject
  public CommitService(
      Contracts contracts,
      EventPublisher publisher,
      CommitConfig config,
      IceflowConfig iceflow,
      BucketDirectory buckets) {
    this.contracts = contracts;
    this.publisher = publisher;
    this.config = config;
    this.iceflow = iceflow;
    this.buckets = buckets;
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
    DataContract contract =
        contracts
            .dataset(dataset)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no data contract for dataset '%s'".formatted(dataset)));
    // loaded (or created) once per container; every attempt refreshes it
    Table table =
        tables.computeIfAbsent(
            contract.table().qualifiedName(),
            t -> ContractTableCreator.loadOrCreate(catalog(), contract.table()));
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
          EVENTS_TOPIC,
          cause
              .envelope()
              .derive(
                  "%s.committed.%d".formatted(table.name(), snapshot.snapshotId()),
                  MessageType.TABLE_COMMITTED,
                  contracts.messages().currentVersion(MessageType.TABLE_COMMITTED),
                  SOURCE,
                  payload(cause, snapshot, table, outcome),
                  Instant.now()));
    }
  }

  private static ObjectNode payload(
      StagedBatch cause, Snapshot snapshot, Table table, CommitOutcome outcome) {
    Map<String, String> summary = snapshot.summary();
    Instant committedAt = Instant.ofEpochMilli(snapshot.timestampMillis());
    Instant earliest = Instant.parse(summary.get(SummaryKeys.EARLIEST_INGEST_TIME));
    ObjectNode data = EnvelopeCodec.mapper().createObjectNode();
    data.putObject("table").put("namespace", cause.namespace()).put("name", cause.tableName());
    data.put("snapshotId", snapshot.snapshotId())
        .put("sequenceNumber", snapshot.sequenceNumber())
        .put("commitId", summary.get(SummaryKeys.COMMIT_ID))
        .put("committedAt", committedAt.toString());
    ArrayNode ids = data.putArray("batchIds");
    for (String id : summary.get(SummaryKeys.BATCH_IDS).split(SummaryKeys.BATCH_ID_SEPARATOR)) {
      ids.add(id);
    }
    data.put(
            "addedFiles",
            Long.parseLong(summary.getOrDefault(SnapshotSummary.ADDED_FILES_PROP, "0")))
        .put(
            "addedRecords",
            Long.parseLong(summary.getOrDefault(SnapshotSummary.ADDED_RECORDS_PROP, "0")))
        .put(
            "addedBytes",
            Long.parseLong(summary.getOrDefault(SnapshotSummary.ADDED_FILE_SIZE_PROP, "0")))
        .put("earliestIngestTime", earliest.toString())
        .put("freshnessMillis", Math.max(0, committedAt.toEpochMilli() - earliest.toEpochMilli()));
    if (snapshot.schemaId() != null) {
      data.put("schemaId", snapshot.schemaId());
    }
    if (snapshot == outcome.snapshot()) {
      data.put("duplicatesDropped", outcome.duplicates().size());
    }
    return data;
  }

  private synchronized Catalog catalog() {
    if (catalog == null) {
      catalog = CatalogFactory.open(iceflow, buckets.name(WAREHOUSE_BUCKET));
    }
    return catalog;
  }
}
