package dev.iceflow.validation.output;

import dev.iceflow.common.cdi.BucketDirectory;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.quarantine.QuarantineSink;
import dev.iceflow.common.quarantine.RejectedBatch;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.common.staging.StagedRecord;
import dev.iceflow.common.staging.StagedRecords;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.BatchValidatedV1;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.contracts.message.payload.S3Location;
import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.validation.rules.Classification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What validation leaves behind for a classified batch: the rejected records quarantined and
 * announced, the valid ones staged and announced with batch.validated. Objects are written before
 * the messages that point at them, and every key and message id derives from the batch id, so a
 * redelivered message repeats the same work with the same result.
 */
@ApplicationScoped
public class ValidationOutputs {

  private final StageEvents events;
  private final EventPublisher publisher;
  private final QuarantineSink quarantine;
  private final S3Client s3;
  private final String stagingBucket;

  @Inject
  public ValidationOutputs(
      EnvelopeCodec codec,
      EventPublisher publisher,
      QuarantineSink quarantine,
      BucketDirectory buckets,
      S3Client s3) {
    this.events = new StageEvents(Stage.VALIDATION, codec);
    this.publisher = publisher;
    this.quarantine = quarantine;
    this.s3 = s3;
    this.stagingBucket = buckets.name(Buckets.STAGING);
  }

  /**
   * @param inputBytes the size of the batch's records as received, for batch.validated; null when
   *     unknown
   */
  public void publish(
      Envelope ingest,
      IngestBatchV1 batch,
      DataContract contract,
      Classification result,
      Long inputBytes) {
    String batchId = batch.batchId();
    S3Location quarantined =
        result.rejected().isEmpty()
            ? null
            : quarantine.quarantine(
                events,
                ingest,
                new RejectedBatch(
                    batchId,
                    contract.dataset(),
                    contract.version(),
                    result.inputRecords(),
                    result.quarantined()));
    if (result.valid().isEmpty()) {
      return;
    }
    S3Location staged =
        new S3Location(stagingBucket, StagedRecords.key(contract.dataset(), batchId));
    s3.putObject(
        r -> r.bucket(staged.bucket()).key(staged.key()),
        RequestBody.fromBytes(
            StagedRecords.gzip(
                result.valid().stream()
                    .map(v -> new StagedRecord(v.position(), v.record()))
                    .toList())));
    publisher.publish(
        Topics.EVENTS,
        events.derive(
            ingest,
            batchId + ".validated",
            new BatchValidatedV1(
                batchId,
                contract.version(),
                result.inputRecords(),
                result.valid().size(),
                result.rejected().size(),
                inputBytes,
                new BatchValidatedV1.StagedRecords(
                    staged.bucket(),
                    staged.key(),
                    StagedRecords.FORMAT,
                    StagedRecords.COMPRESSION,
                    result.valid().size()),
                quarantined,
                ingestTime(ingest, batch),
                null,
                result.referenceVersions().isEmpty() ? null : result.referenceVersions())));
  }

  /** When upstream produced the batch, or else when it was published. */
  private static Instant ingestTime(Envelope ingest, IngestBatchV1 batch) {
    return batch.producedAt() != null ? batch.producedAt() : ingest.time();
  }
}
