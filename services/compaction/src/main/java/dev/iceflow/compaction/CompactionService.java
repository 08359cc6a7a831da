package dev.iceflow.compaction;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.tracing.StageSpan;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.iceberg.TableCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;

/**
 * Routes a batch of the compaction queue to maintenance runs, one per table however many messages
 * ask for it (the debounce within a batch), and skips a run a commit asks for when the table was
 * maintained less than its contract's debounceSeconds ago (the debounce across batches and
 * containers, read from the table's own history: see {@link MaintenanceSnapshots}). A message that
 * can never succeed is parked with its reason; the messages of a run that fails go back to the
 * queue, the others are done.
 */
@ApplicationScoped
public class CompactionService {

  private static final Logger LOG = Logger.getLogger(CompactionService.class);

  private final TriggerReader reader;
  private final TableCatalog catalog;
  private final TableMaintenance maintenance;
  private final CompactionAnnouncer announcer;
  private final SqsBatchProcessor parking;
  private final CompactionConfig config;
  private final PipelineMetrics metrics;
  private final Tracing tracing;
  private final Clock clock = Clock.systemUTC();

  @Inject
  public CompactionService(
      TriggerReader reader,
      TableCatalog catalog,
      TableMaintenance maintenance,
      CompactionAnnouncer announcer,
      SqsBatchProcessor parking,
      CompactionConfig config,
      PipelineMetrics metrics,
      Tracing tracing) {
    this.reader = reader;
    this.catalog = catalog;
    this.maintenance = maintenance;
    this.announcer = announcer;
    this.parking = parking;
    this.config = config;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /** Handles the batch; the runs' spans are flushed before the response returns. */
  public SQSBatchResponse handle(SQSEvent event, Context context) {
    try {
      return handleEach(event, context);
    } finally {
      tracing.flush();
    }
  }

  private SQSBatchResponse handleEach(SQSEvent event, Context context) {
    RunDeadline deadline = RunDeadline.of(context, config, clock);
    List<SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
    Set<String> failed = new LinkedHashSet<>();
    Map<String, MaintenanceRequest> runs = new LinkedHashMap<>();
    for (SQSMessage message : messages) {
      try {
        for (MaintenanceRequest request : reader.read(message)) {
          runs.merge(request.qualifiedTable(), request, MaintenanceRequest::merge);
        }
      } catch (RuntimeException e) {
        if (SqsBatchProcessor.isUnprocessable(e) && parking.parked(message, e)) {
          continue;
        }
        LOG.errorf(e, "message %s cannot be read; it goes back", message.getMessageId());
        failed.add(message.getMessageId());
      }
    }
    for (MaintenanceRequest run : runs.values()) {
      try {
        tracing.within(Stage.COMPACTION, run.cause(), span -> maintain(run, deadline, span));
      } catch (RuntimeException e) {
        LOG.errorf(
            e,
            "maintenance of %s failed; its message(s) %s go back to the queue (DLQ after maxReceiveCount)",
            run.qualifiedTable(),
            run.messageIds());
        failed.addAll(run.messageIds());
      }
    }
    return SQSBatchResponse.builder()
        .withBatchItemFailures(failed.stream().map(BatchItemFailure::new).toList())
        .build();
  }

  /** Maintains one table in the span of the run's cause; returns the run, null when none. */
  private MaintenanceRun maintain(MaintenanceRequest run, RunDeadline deadline, StageSpan span) {
    span.dataset(run.contract().dataset());
    Optional<Table> found = existing(run.contract().table());
    if (found.isEmpty()) {
      LOG.infof("%s does not exist yet: nothing to maintain", run.qualifiedTable());
      return null;
    }
    Table table = found.get();
    if (run.trigger().debounced() && maintainedRecently(table, run)) {
      return null;
    }
    MaintenanceRun done = maintenance.run(table, run.contract(), run.trigger(), deadline);
    if (done.dataFiles().snapshotId() != null) {
      span.snapshot(done.dataFiles().snapshotId());
    }
    span.files(done.dataFiles().partitions().stream().mapToInt(PartitionRewrite::filesAfter).sum());
    if (done.worthAnnouncing()) {
      announcer.announce(done, run.contract().dataset(), run.cause(), run.causeKey());
    }
    table.refresh();
    metrics
        .forDataset(run.contract().dataset())
        .add(MetricNames.FILES_PER_PARTITION, PartitionFileCounts.max(table))
        .flush();
    return done;
  }

  private boolean maintainedRecently(Table table, MaintenanceRequest run) {
    MaintenanceSpec spec = run.contract().maintenanceOrDefaults();
    Instant since = clock.instant().minusSeconds(spec.debounceSeconds());
    Optional<Snapshot> recent = MaintenanceSnapshots.maintainedSince(table, since);
    recent.ifPresent(
        snapshot ->
            LOG.infof(
                "%s was maintained at %s (snapshot %d), less than %d s ago: no run for %s (a later commit or the next sweep compacts what it added)",
                run.qualifiedTable(),
                Instant.ofEpochMilli(snapshot.timestampMillis()),
                snapshot.snapshotId(),
                spec.debounceSeconds(),
                run.causeKey()));
    return recent.isPresent();
  }

  /** The table, freshly loaded; empty when no commit has created it yet (nothing to maintain). */
  private Optional<Table> existing(TableSpec spec) {
    Catalog tables = catalog.catalog();
    TableIdentifier id = TableIdentifier.of(spec.namespace(), spec.name());
    return tables.tableExists(id) ? Optional.of(tables.loadTable(id)) : Optional.empty();
  }
}
