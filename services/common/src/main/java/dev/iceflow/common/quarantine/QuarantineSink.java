package dev.iceflow.common.quarantine;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.contracts.message.payload.RecordsRejectedV1;
import dev.iceflow.contracts.message.payload.S3Location;
import dev.iceflow.contracts.topology.Topics;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where every stage puts the records it rejects: the quarantine object first, then the
 * records.rejected announcement. The key and the message id derive from the stage and batch id, so
 * a redelivered batch rewrites the same object and republishes the same id.
 */
public final class QuarantineSink {

  private final S3Client s3;
  private final String bucket;
  private final EventPublisher publisher;

  public QuarantineSink(S3Client s3, String bucket, EventPublisher publisher) {
    this.s3 = s3;
    this.bucket = bucket;
    this.publisher = publisher;
  }

  /** Quarantines {@code rejected} (which must not be empty) and announces it; returns where. */
  public S3Location quarantine(StageEvents events, Envelope cause, RejectedBatch rejected) {
    if (rejected.isEmpty()) {
      throw new IllegalArgumentException("batch " + rejected.batchId() + " rejected nothing");
    }
    S3Location location =
        new S3Location(
            bucket, Quarantine.key(events.stage(), rejected.dataset(), rejected.batchId()));
    s3.putObject(
        r -> r.bucket(location.bucket()).key(location.key()),
        RequestBody.fromBytes(
            Quarantine.ndjson(
                rejected.batchId(), rejected.dataset(), events.stage(), rejected.records())));
    publisher.publish(
        Topics.EVENTS,
        events.derive(
            cause,
            "%s.%s.rejected".formatted(rejected.batchId(), events.stage().wireName()),
            new RecordsRejectedV1(
                rejected.batchId(),
                events.stage().wireName(),
                rejected.inputRecords(),
                rejected.records().size(),
                location,
                Quarantine.reasons(rejected.records()),
                rejected.contractVersion())));
    return location;
  }
}
