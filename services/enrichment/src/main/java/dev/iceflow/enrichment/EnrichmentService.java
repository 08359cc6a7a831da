package dev.iceflow.enrichment;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.common.quarantine.Quarantine;
import dev.iceflow.common.quarantine.QuarantineSink;
import dev.iceflow.common.quarantine.RejectedBatch;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.common.staging.StagedRecords;
import dev.iceflow.common.tracing.StageSpan;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.BatchValidatedV1;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.enrichment.BatchEnricher.EnrichedBatch;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.iceberg.StagedDataFiles;
import dev.iceflow.iceberg.TableCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

/**
 * The enrichment stage: reads a validated batch's staged records, turns each into a table row,
 * writes the rows as Parquet data files into the table (uncommitted) and hands them to the commit
 * stage with datafiles.staged; records that cannot become a row are quarantined with their reason.
 */
@ApplicationScoped
public class EnrichmentService {

  private static final Logger LOG = Logger.getLogger(EnrichmentService.class);

  private final Contracts contracts;
  private final EnvelopeCodec codec;
  private final StageEvents events;
  private final QuarantineSink quarantine;
  private final TableCache tables;
  private final StagedRecordReader staged;
  private final BatchEnricher enricher;
  private final StagedFilesAnnouncer announcer;
  private final PipelineMetrics metrics;
  private final Tracing tracing;

  @Inject
  public EnrichmentService(
      Contracts contracts,
      EnvelopeCodec codec,
      QuarantineSink quarantine,
      TableCatalog catalog,
      EnrichmentConfig config,
      StagedRecordReader staged,
      BatchEnricher enricher,
      StagedFilesAnnouncer announcer,
      PipelineMetrics metrics,
      Tracing tracing) {
    this.contracts = contracts;
    this.codec = codec;
    this.events = new StageEvents(Stage.ENRICHMENT, codec);
    this.quarantine = quarantine;
    this.tables = new TableCache(catalog::loadOrCreate, config.tableMaxAge(), Clock.systemUTC());
    this.staged = staged;
    this.enricher = enricher;
    this.announcer = announcer;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  public void handle(SQSMessage message, String attempt) {
    Envelope validated = codec.decode(SqsBody.unwrap(message.getBody()));
    if (validated.messageType() != MessageType.BATCH_VALIDATED) {
      throw new InvalidMessageException(
          "enrichment consumes batch.validated, not " + validated.type(), List.of());
    }
    enrich(validated, attempt);
  }

  /**
   * Enriches one validated batch, in its enrichment span; returns the data files written (not
   * committed).
   */
  public List<DataFile> enrich(Envelope validated, String attempt) {
    return tracing.within(Stage.ENRICHMENT, validated, span -> enrich(validated, attempt, span));
  }

  private List<DataFile> enrich(Envelope validated, String attempt, StageSpan span) {
    BatchValidatedV1 batch = validated.payload(BatchValidatedV1.class);
    span.batch(batch.batchId());
    DataContract contract = contracts.requireDataset(validated.dataset());
    Table table = tables.table(contract.table());
    // rows follow the contract's schema, which may be ahead of the table's until commit evolves it
    Schema schema = ContractTables.schema(contract.table());
    StagedRecords.Content content = staged.read(batch.staged());
    EnrichedBatch enriched =
        enricher.enrich(
            contract,
            schema,
            batch.batchId(),
            batch.earliestIngestTime(),
            batch.referenceVersions(),
            content.records());

    String operationId =
        batch.batchId() + "-" + (attempt == null ? UUID.randomUUID().toString() : attempt);
    List<DataFile> files = DataFileWriter.write(table, schema, operationId, enriched.rows());
    span.records(enriched.inputRecords(), enriched.rows().size(), enriched.rejected().size())
        .files(files.size());
    if (!enriched.rejected().isEmpty()) {
      quarantine.quarantine(
          events,
          validated,
          new RejectedBatch(
              batch.batchId(),
              contract.dataset(),
              contract.version(),
              enriched.inputRecords(),
              enriched.rejected()));
    }
    if (!files.isEmpty()) {
      TableSpec spec = contract.table();
      announcer.announce(
          validated,
          StagedDataFiles.payload(
              table,
              new TableName(spec.namespace(), spec.name()),
              batch.batchId(),
              contract.version(),
              operationId,
              batch.earliestIngestTime(),
              new Fingerprint(content.records().size(), content.sha256()),
              files));
    }
    LOG.infof(
        "batch %s (%s): %d rows in %d data files, %d rejected %s",
        batch.batchId(),
        contract.dataset(),
        enriched.rows().size(),
        files.size(),
        enriched.rejected().size(),
        Quarantine.reasons(enriched.rejected()));
    metrics.forDataset(contract.dataset()).add(MetricNames.FILES_WRITTEN, files.size()).flush();
    return files;
  }
}
