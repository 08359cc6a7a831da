package dev.iceflow.costguard;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.BatchValidatedV1;
import dev.iceflow.contracts.message.payload.RecordsRejectedV1;
import dev.iceflow.contracts.message.payload.TableCommittedV1;
import dev.iceflow.contracts.message.payload.TableCompactedV1;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Usage;
import dev.iceflow.cost.Volume;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

/**
 * The requests a stage event stands for, counted to its dataset. Each event is a publish and its
 * deliveries (from the topology's subscriptions); each type adds the work that produced it. Lambda
 * compute is not here: CloudWatch measures it for the whole pipeline (see MetricsCollector).
 *
 * <p>The per-type figures are what the stages do today, read from their code; a change to a stage
 * that adds requests should change them too. They are upper bounds where the work varies (a cached
 * reference table read once per container is counted once per batch).
 */
final class UsageModel {

  /** SNS and SQS bill a payload per started 64 KB chunk. */
  static final int CHUNK_BYTES = 64 * 1024;

  /** Iceberg metadata written per commit: a manifest, a manifest list, a metadata.json. */
  static final int METADATA_FILES_PER_COMMIT = 3;

  /** Metadata read per commit: the current metadata.json and its manifest list. */
  static final int METADATA_READS_PER_COMMIT = 2;

  /** Glue Data Catalog calls per commit: GetTable, then UpdateTable. */
  static final int CATALOG_CALLS_PER_COMMIT = 2;

  /** The idempotency ledger per batch: a conditional put (pending), an update (committed). */
  static final int LEDGER_WRITES_PER_BATCH = 2;

  /** The idempotency ledger per batch: the lookup before the commit. */
  static final int LEDGER_READS_PER_BATCH = 1;

  /** Staging a batch: validation PUTs the staged records, enrichment GETs them. */
  static final int STAGED_OBJECT_PUTS = 1;

  static final int STAGED_OBJECT_GETS = 1;

  /** Reading the pinned reference data (airports.csv) for a batch, at most. */
  static final int REFERENCE_GETS_PER_BATCH = 1;

  private final Deliveries deliveries;

  UsageModel(Topology topology) {
    this.deliveries = new Deliveries(topology);
  }

  /** The usage an event of {@code bodyBytes} stands for. */
  Usage of(Envelope event, int bodyBytes) {
    Usage.Builder usage = Usage.builder();
    published(usage, Topics.EVENTS, event.type(), bodyBytes);
    MessageType type = event.messageType();
    switch (type) {
      case BATCH_VALIDATED -> validated(usage, event.payload(BatchValidatedV1.class));
      case RECORDS_REJECTED -> rejected(usage, event.payload(RecordsRejectedV1.class));
      case TABLE_COMMITTED -> committed(usage, event.payload(TableCommittedV1.class));
      case TABLE_COMPACTED -> compacted(usage, event.payload(TableCompactedV1.class));
      default -> throw new IllegalArgumentException("no usage model for " + type);
    }
    return usage.build();
  }

  /** The upstream's publish and its delivery to validation, the staged object, the reference. */
  private void validated(Usage.Builder usage, BatchValidatedV1 validated) {
    long inputBytes = validated.inputBytes() == null ? 0 : validated.inputBytes().longValue();
    published(usage, Topics.INGEST, MessageType.INGEST_BATCH.wireName(), inputBytes);
    usage
        .add(Meter.INGESTED_BYTES, inputBytes)
        .add(Meter.INGESTED_RECORDS, validated.inputRecords());
    if (validated.staged() != null) {
      usage
          .add(Meter.S3_PUT_REQUESTS, STAGED_OBJECT_PUTS)
          .add(Meter.S3_GET_REQUESTS, STAGED_OBJECT_GETS + REFERENCE_GETS_PER_BATCH);
    }
  }

  /** The quarantine object. */
  private static void rejected(Usage.Builder usage, RecordsRejectedV1 rejected) {
    if (rejected.quarantine() != null) {
      usage.add(Meter.S3_PUT_REQUESTS, 1);
    }
  }

  /**
   * Per batch: enrichment's datafiles.staged on the FIFO commits topic and its delivery, the
   * ledger's reads and writes. Per commit: the data files enrichment wrote, the metadata, the
   * catalog, and the new data's storage to the end of the month.
   */
  private void committed(Usage.Builder usage, TableCommittedV1 committed) {
    int batches = committed.batchIds().size();
    for (int i = 0; i < batches; i++) {
      published(usage, Topics.COMMITS, MessageType.DATAFILES_STAGED.wireName(), 1);
    }
    usage
        .add(Meter.DYNAMODB_WRITE_UNITS, (long) LEDGER_WRITES_PER_BATCH * batches)
        .add(Meter.DYNAMODB_READ_UNITS, (long) LEDGER_READS_PER_BATCH * batches)
        .add(Meter.S3_PUT_REQUESTS, committed.addedFiles() + METADATA_FILES_PER_COMMIT)
        .add(Meter.S3_GET_REQUESTS, METADATA_READS_PER_COMMIT)
        .add(Meter.GLUE_REQUESTS, CATALOG_CALLS_PER_COMMIT);
    storedToPeriodEnd(usage, committed.addedBytes(), committed.committedAt());
  }

  /**
   * The files read and written, the metadata, the catalog, and the rewritten copy's storage (the
   * old files stay until their snapshots expire).
   */
  private static void compacted(Usage.Builder usage, TableCompactedV1 compacted) {
    usage
        .add(Meter.S3_GET_REQUESTS, compacted.rewrittenFiles() + METADATA_READS_PER_COMMIT)
        .add(Meter.S3_PUT_REQUESTS, compacted.addedFiles() + METADATA_FILES_PER_COMMIT)
        .add(Meter.GLUE_REQUESTS, CATALOG_CALLS_PER_COMMIT);
    if (compacted.completedAt() != null) {
      storedToPeriodEnd(usage, compacted.addedBytes(), compacted.completedAt());
    }
  }

  /**
   * One publish of {@code bytes} to {@code topic}, and for each queue it reaches SQS's send plus
   * the receive and delete its consumer makes per batch.
   */
  private void published(Usage.Builder usage, String topic, String type, long bytes) {
    long chunks = chunks(bytes);
    usage.add(Meter.SNS_REQUESTS, chunks);
    for (Deliveries.Delivery delivery : deliveries.of(topic, type)) {
      BigDecimal requests =
          BigDecimal.ONE
              .add(
                  BigDecimal.valueOf(2)
                      .divide(
                          BigDecimal.valueOf(delivery.consumerBatchSize()), MathContext.DECIMAL64))
              .multiply(BigDecimal.valueOf(chunks));
      usage.add(delivery.fifo() ? Meter.SQS_FIFO_REQUESTS : Meter.SQS_STANDARD_REQUESTS, requests);
    }
  }

  /** Bytes written at {@code at} are billed from then to the end of the month. */
  private static void storedToPeriodEnd(Usage.Builder usage, long bytes, Instant at) {
    BigDecimal gb = Volume.gigabytes(BigDecimal.valueOf(bytes));
    usage.add(
        Meter.S3_STORED_GB_MONTHS, gb.multiply(BudgetPeriod.containing(at).remainingFraction(at)));
  }

  static long chunks(long bytes) {
    return Math.max(1, (bytes + CHUNK_BYTES - 1) / CHUNK_BYTES);
  }
}
