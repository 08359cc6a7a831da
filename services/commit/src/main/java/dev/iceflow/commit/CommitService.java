package dev.iceflow.commit;

import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.faults.FaultPoints;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.iceberg.TableCatalog;
import dev.iceflow.iceberg.ledger.BatchLedger;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.util.SnapshotUtil;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The commit stage for one table: commits the staged batches exactly once and announces the
 * snapshot with table.committed.
 *
 * <ol>
 *   <li>{@link #screen}: a batch that can never be committed (a file outside the table, a batch id
 *       the ledger holds with other content, a staged file gone, a PENDING commit the retained
 *       history can no longer confirm or rule out) is refused before anything is written.
 *   <li>The ledger says which batches the table already holds, however late they come back; a
 *       PENDING entry (a crash between ledger and commit) is settled by looking its commit id up in
 *       the table's history.
 *   <li>The rest are marked PENDING under one commit id, appended in one Iceberg commit (conflicts
 *       retried with refresh and exponential backoff, bounded; recent snapshot summaries checked
 *       again on every attempt), then marked COMMITTED with the snapshot id.
 * </ol>
 */
@ApplicationScoped
public class CommitService {

  private static final Logger LOG = Logger.getLogger(CommitService.class);

  /** The batch id the warm-up looks up in the ledger: none is ever committed under it. */
  static final String WARM_UP_BATCH_ID = "iceflow-commit-warm-up";

  private final Contracts contracts;
  private final CommitConfig config;
  private final TableCatalog catalog;
  private final BatchLedger ledger;
  private final CommitAnnouncer announcer;
  private final FaultPoints faults;
  private final CommitMetrics metrics;
  private final Guard retryConflicts;
  private final AddedFiles addedFiles = new AddedFiles();
  private final Map<String, Table> tables = new ConcurrentHashMap<>();

  @Inject
  public CommitService(
      Contracts contracts,
      CommitConfig config,
      IceflowConfig iceflow,
      TableCatalog catalog,
      DynamoDbClient dynamo,
      CommitAnnouncer announcer,
      FaultPoints faults,
      PipelineMetrics metrics) {
    this.contracts = contracts;
    this.config = config;
    this.catalog = catalog;
    this.ledger =
        new BatchLedger(
            dynamo,
            BatchLedger.configuredTable(iceflow),
            Duration.ofDays(config.ledgerTtlDays()),
            Clock.systemUTC());
    this.announcer = announcer;
    this.faults = faults;
    this.metrics = new CommitMetrics(metrics);
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

  /**
   * Refuses a batch that can never be committed, with the reason ({@link
   * dev.iceflow.common.lambda.UnprocessableMessageException}); returns normally otherwise.
   */
  public void screen(String dataset, StagedBatch batch) {
    Table table = table(dataset);
    String location = table.location().endsWith("/") ? table.location() : table.location() + "/";
    for (StagedFile file : batch.files()) {
      if (!file.path().startsWith(location)) {
        throw new StagedFileOutsideTableException(
            "batch %s stages %s, which is outside the table location %s"
                .formatted(batch.batchId(), file.path(), location));
      }
    }
    Optional<BatchLedger.Entry> entry = ledger.find(batch.qualifiedTable(), batch.batchId());
    if (entry.isPresent() && !entry.get().holds(batch.fingerprint())) {
      throw new ReusedBatchIdException(
          "batch id %s is already %s in %s with other content (%s), this message holds %s: resend it under a new batch id"
              .formatted(
                  batch.batchId(),
                  entry.get().status().name().toLowerCase(),
                  table.name(),
                  entry.get().fingerprint(),
                  batch.fingerprint()));
    }
    if (toBeAppended(table, batch, entry)) {
      requireStagedFiles(table, batch);
    }
  }

  /**
   * False for a batch the ledger says the table holds (COMMITTED, or PENDING under a commit found
   * in the history): a duplicate, whose staged files may since have been compacted away and
   * expired. True for the rest, refusing a PENDING one whose commit the retained history cannot
   * rule out.
   */
  private static boolean toBeAppended(
      Table table, StagedBatch batch, Optional<BatchLedger.Entry> found) {
    if (found.isEmpty()) {
      return true;
    }
    BatchLedger.Entry entry = found.get();
    if (entry.status() == BatchLedger.Status.COMMITTED) {
      return false;
    }
    table.refresh();
    if (RetainedHistory.snapshotWithCommitId(table, entry.commitId()) != null) {
      return false; // landed before its writer stopped: commit() settles the ledger
    }
    requireHistorySince(table, batch, entry);
    return true;
  }

  /** Refuses a batch any of whose staged files is gone, rather than commit a dangling path. */
  private static void requireStagedFiles(Table table, StagedBatch batch) {
    for (StagedFile file : batch.files()) {
      if (!table.io().newInputFile(file.path()).exists()) {
        throw new StagedFileMissingException(
            "batch %s stages %s, which no longer exists (removed as an orphan after waiting longer than the safety window?): nothing of the batch is committed to %s; re-publish the batch"
                .formatted(batch.batchId(), file.path(), table.name()));
      }
    }
  }

  /**
   * Refuses a PENDING batch whose commit is not among the ancestors when the ancestors no longer
   * reach back to when the entry was written: whether it landed cannot be told any more.
   */
  private static void requireHistorySince(
      Table table, StagedBatch batch, BatchLedger.Entry pending) {
    if (!RetainedHistory.reachesBackTo(table, pending.updatedAt())) {
      Snapshot oldest = SnapshotUtil.oldestAncestor(table);
      throw new PendingBeyondHistoryException(
          "batch %s has been pending in %s under commit %s since %s; no retained snapshot has that commit, but the oldest retained one (%d, %s) is younger than the entry, so the commit may have landed in a snapshot expired since (by something other than this pipeline's compaction, which settles the ledger before it expires). Not committing it again: check the table for the batch's rows and re-publish it only if they are missing"
              .formatted(
                  batch.batchId(),
                  table.name(),
                  pending.commitId(),
                  pending.updatedAt(),
                  oldest.snapshotId(),
                  Instant.ofEpochMilli(oldest.timestampMillis())));
    }
  }

  /**
   * Commits one table's staged batches; throws when retries run out (the messages go back). Emits
   * the commit's metrics either way.
   */
  public CommitOutcome commit(String dataset, List<StagedBatch> batches) throws Exception {
    long started = System.nanoTime();
    String commitId = UUID.randomUUID().toString();
    try (CommitAttempts attempts = CommitAttempts.track(commitId)) {
      try {
        CommitOutcome outcome = commit(dataset, batches, commitId);
        metrics.committed(dataset, outcome, attempts.conflicts(false), since(started));
        return outcome;
      } catch (Exception e) {
        boolean lostLastRace = e instanceof CommitFailedException;
        metrics.failed(dataset, batches.size(), attempts.conflicts(lostLastRace), since(started));
        throw e;
      }
    }
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private CommitOutcome commit(String dataset, List<StagedBatch> batches, String commitId)
      throws Exception {
    DataContract contract = contracts.requireDataset(dataset);
    Table table = table(dataset);
    table.refresh();
    List<StagedBatch> fresh = new ArrayList<>();
    List<CommitOutcome.Duplicate> known = new ArrayList<>();
    for (StagedBatch batch : batches) {
      committedBefore(table, batch).ifPresentOrElse(known::add, () -> fresh.add(batch));
    }
    CommitOutcome outcome =
        (fresh.isEmpty() ? CommitOutcome.NOTHING : commitFresh(table, contract, fresh, commitId))
            .withDuplicates(known);
    if (outcome.snapshot() != null) {
      LOG.infof(
          "committed %s snapshot %d: batches %s%s; %d duplicate(s) dropped",
          table.name(),
          outcome.snapshot().snapshotId(),
          outcome.committed().stream().map(StagedBatch::batchId).toList(),
          outcome.schemaChanges().isEmpty() ? "" : " with " + outcome.schemaChanges(),
          outcome.duplicates().size());
    }
    announcer.announce(table, outcome);
    return outcome;
  }

  /**
   * The batch as a duplicate when the ledger says the table holds it (its snapshot null when
   * expired since); empty when it is still to be committed.
   */
  private Optional<CommitOutcome.Duplicate> committedBefore(Table table, StagedBatch batch) {
    Optional<BatchLedger.Entry> found = ledger.find(batch.qualifiedTable(), batch.batchId());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    BatchLedger.Entry entry = found.get();
    if (entry.status() == BatchLedger.Status.COMMITTED) {
      return Optional.of(new CommitOutcome.Duplicate(batch, table.snapshot(entry.snapshotId())));
    }
    // PENDING: a commit under this id began; did it land before its writer stopped?
    Snapshot landed = RetainedHistory.snapshotWithCommitId(table, entry.commitId());
    if (landed == null) {
      // screen() parks such a batch; expiry may have cut the history since (the messages go back)
      requireHistorySince(table, batch, entry);
      return Optional.empty();
    }
    ledger.complete(batch.qualifiedTable(), batch.batchId(), entry.commitId(), landed.snapshotId());
    LOG.infof(
        "batch %s of %s was committed in snapshot %d before its writer stopped; ledger settled",
        batch.batchId(), table.name(), landed.snapshotId());
    return Optional.of(new CommitOutcome.Duplicate(batch, landed));
  }

  private CommitOutcome commitFresh(
      Table table, DataContract contract, List<StagedBatch> fresh, String commitId)
      throws Exception {
    for (StagedBatch batch : fresh) {
      ledger.begin(batch.qualifiedTable(), batch.batchId(), batch.fingerprint(), commitId);
    }
    CommitOutcome outcome =
        retryConflicts.call(
            () ->
                TableCommitter.attempt(
                    table,
                    contract,
                    fresh,
                    config.lookbackSnapshots(),
                    addedFiles,
                    commitId,
                    () -> faults.hold(TableCommitter.BEFORE_TABLE_COMMIT)),
            CommitOutcome.class);
    faults.crash(TableCommitter.AFTER_TABLE_COMMIT);
    for (StagedBatch batch : outcome.committed()) {
      ledger.complete(
          batch.qualifiedTable(), batch.batchId(), commitId, outcome.snapshot().snapshotId());
    }
    for (CommitOutcome.Duplicate duplicate : outcome.duplicates()) {
      // found in a recent snapshot's summary, not in the ledger (written before the ledger
      // existed): record where it is, so it is recognised after the summaries are out of reach
      ledger.complete(
          duplicate.batch().qualifiedTable(),
          duplicate.batch().batchId(),
          commitId,
          duplicate.snapshot().snapshotId());
    }
    return outcome;
  }

  /**
   * What a cold container's first commit to {@code dataset} would do before it writes, done now and
   * reading only: loads the table, reads the added files of its lookback window and looks a batch
   * id up in the ledger. A table that does not exist yet is left for its first batch to create (a
   * write); returns false then.
   */
  public boolean warmUp(String dataset) {
    DataContract contract = contracts.requireDataset(dataset);
    String name = contract.table().qualifiedName();
    if (!tables.containsKey(name)
        && !catalog.catalog().tableExists(ContractTables.identifier(contract.table()))) {
      return false;
    }
    Table table = table(dataset);
    table.refresh(); // loaded earlier in this container: others may have committed since
    CommittedBatches.scan(table, config.lookbackSnapshots(), addedFiles);
    ledger.find(name, WARM_UP_BATCH_ID);
    return true;
  }

  /** Whether this container has read what {@code dataset}'s snapshot {@code snapshotId} added. */
  boolean hasReadAddedFiles(String dataset, long snapshotId) {
    return addedFiles.holds(table(dataset), snapshotId);
  }

  /** Loaded (or created) once per container; every commit refreshes it. */
  private Table table(String dataset) {
    DataContract contract = contracts.requireDataset(dataset);
    return tables.computeIfAbsent(
        contract.table().qualifiedName(), t -> catalog.loadOrCreate(contract.table()));
  }
}
