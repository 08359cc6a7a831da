package dev.iceflow.enrichment;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.cdi.BucketDirectory;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.common.quarantine.Quarantine;
import dev.iceflow.common.quarantine.QuarantinedRecord;
import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.common.reference.ReferenceTables;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.JoinSpec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.iceberg.StagedDataFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The enrichment stage: reads a validated batch's staged records, turns each into a table row,
 * writes the rows as Parquet data files into the table (uncommitted) and hands them to the commit
 * stage with datafiles.staged; records whose required join fails are quarantined with their reason.
 */
@ApplicationScoped
public class EnrichmentService {

  private static final Logger LOG = Logger.getLogger(EnrichmentService.class);
  static final String SOURCE = "urn:iceflow:enrichment";
  static final String EVENTS_TOPIC = "events";
  static final String COMMITS_TOPIC = "commits";
  static final String QUARANTINE_BUCKET = "quarantine";
  static final String STAGE = "enrichment";

  private final Contracts contracts;
  private final EnvelopeCodec codec;
  private final EventPublisher publisher;
  private final BucketDirectory buckets;
  private final ReferenceTables references;
  private final TableProvider tables;
  private final S3Client s3;
  private final Clock clock = Clock.systemUTC();

  @Inject
  public EnrichmentService(
      Contracts contracts,
      EnvelopeCodec codec,
      EventPublisher publisher,
      BucketDirectory buckets,
      ReferenceTables references,
      TableProvider tables,
      S3Client s3) {
    this.contracts = contracts;
    this.codec = codec;
    this.publisher = publisher;
    this.buckets = buckets;
    this.references = references;
    this.tables = tables;
    this.s3 = s3;
  }

  public void handle(SQSMessage message, String attempt) {
    Envelope validated = codec.decode(SqsBody.unwrap(message.getBody()));
    if (validated.messageType() != MessageType.BATCH_VALIDATED) {
      throw new InvalidMessageException(
          "enrichment consumes batch.validated, not " + validated.type(), List.of());
    }
    enrich(validated, attempt);
  }

  /** Enriches one validated batch; returns the data files written (not committed). */
  public List<DataFile> enrich(Envelope validated, String attempt) {
    JsonNode data = validated.data();
    String batchId = data.get("batchId").asText();
    DataContract contract =
        contracts
            .dataset(validated.dataset())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no data contract for dataset '%s'".formatted(validated.dataset())));
    Table table = tables.table(contract);
    Instant ingestTime = Instant.parse(data.get("earliestIngestTime").asText());
    // rows follow the contract's schema, which may be ahead of the table's until commit evolves it
    Schema schema = ContractTables.schema(contract.table());
    RowEnricher enricher = new RowEnricher(contract, schema, referencesFor(contract));

    List<Record> rows = new ArrayList<>();
    List<QuarantinedRecord> rejected = new ArrayList<>();
    List<JsonNode> staged = readStaged(data.get("staged"));
    for (JsonNode line : staged) {
      int position = line.get("position").asInt();
      RowEnricher.Result result =
          enricher.enrich(
              line.get("record"),
              batchId,
              position,
              OffsetDateTime.ofInstant(ingestTime, ZoneOffset.UTC));
      if (result.isRow()) {
        rows.add(result.row());
      } else {
        rejected.add(
            new QuarantinedRecord(
                position,
                List.of(new RecordViolation(result.rule(), null, result.message())),
                line.get("record"),
                null));
      }
    }

    String operationId = batchId + "-" + (attempt == null ? UUID.randomUUID().toString() : attempt);
    List<DataFile> files = DataFileWriter.write(table, schema, operationId, rows);
    Instant now = clock.instant();
    if (!rejected.isEmpty()) {
      publishRejected(validated, contract, batchId, staged.size(), rejected, now);
    }
    if (!files.isEmpty()) {
      var ns = contract.table();
      publisher.publishInGroup(
          COMMITS_TOPIC,
          validated.derive(
              batchId + ".staged",
              MessageType.DATAFILES_STAGED,
              contracts.messages().currentVersion(MessageType.DATAFILES_STAGED),
              SOURCE,
              StagedDataFiles.payload(
                  table,
                  ns.namespace(),
                  ns.name(),
                  batchId,
                  contract.version(),
                  operationId,
                  ingestTime,
                  files),
              now),
          ns.qualifiedName());
    }
    LOG.infof(
        "batch %s (%s): %d rows in %d data files, %d rejected %s",
        batchId,
        contract.dataset(),
        rows.size(),
        files.size(),
        rejected.size(),
        Quarantine.reasons(rejected));
    return files;
  }

  private Map<String, ReferenceTable> referencesFor(DataContract contract) {
    Map<String, ReferenceTable> loaded = new HashMap<>();
    for (JoinSpec join : contract.enrichment().joins()) {
      loaded.computeIfAbsent(
          join.reference(), name -> references.get(contract.reference().get(name)));
    }
    return loaded;
  }

  private List<JsonNode> readStaged(JsonNode staged) {
    String bucket = staged.get("bucket").asText();
    String key = staged.get("key").asText();
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(s3.getObject(r -> r.bucket(bucket).key(key))),
                StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(EnvelopeCodec.mapper().readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read staged records s3://%s/%s".formatted(bucket, key), e);
    }
    int expected = staged.get("recordCount").asInt();
    if (lines.size() != expected) {
      throw new IllegalStateException(
          "s3://%s/%s holds %d records, batch.validated says %d"
              .formatted(bucket, key, lines.size(), expected));
    }
    return lines;
  }

  private void publishRejected(
      Envelope validated,
      DataContract contract,
      String batchId,
      int input,
      List<QuarantinedRecord> rejected,
      Instant now) {
    String bucket = buckets.name(QUARANTINE_BUCKET);
    String key = Quarantine.key(STAGE, contract.dataset(), batchId);
    s3.putObject(
        r -> r.bucket(bucket).key(key),
        RequestBody.fromBytes(Quarantine.ndjson(batchId, contract.dataset(), STAGE, rejected)));
    publisher.publish(
        EVENTS_TOPIC,
        validated.derive(
            batchId + ".enrichment.rejected",
            MessageType.RECORDS_REJECTED,
            contracts.messages().currentVersion(MessageType.RECORDS_REJECTED),
            SOURCE,
            Quarantine.rejectedPayload(
                batchId, STAGE, input, contract.version(), bucket, key, rejected),
            now));
  }
}
