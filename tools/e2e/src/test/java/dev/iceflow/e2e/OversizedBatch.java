package dev.iceflow.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.local.emulator.LocalAws;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A batch too large for one SNS message, handled as an upstream team is told to: the inline publish
 * is refused by SNS (256 KiB) with a clear error, so nothing of it enters the pipeline; the same
 * records go again as an S3 claim-check, and then every one of them must be accounted for.
 */
final class OversizedBatch {

  /** SNS's limit on a message, body and attributes together. */
  static final int SNS_MAX_BYTES = 256 * 1024;

  private static final String CLAIMS_PREFIX = "claims/flights/";

  private OversizedBatch() {}

  /**
   * Publishes {@code batch} inline, expecting SNS to refuse it, then as a claim-check; returns the
   * refusal's message. Throws when SNS took the oversized message.
   */
  static String publish(LocalAws aws, EventPublisher publisher, PublishedBatch batch)
      throws Exception {
    String refusal;
    try {
      publisher.publish("ingest", batch.envelope());
      throw new AssertionError(
          "SNS accepted the oversized batch %s inline".formatted(batch.batchId()));
    } catch (SdkException refused) {
      refusal = refused.getMessage();
    }
    String bucket = aws.provisioned().bucket("raw");
    String key = CLAIMS_PREFIX + batch.batchId() + ".ndjson";
    StringBuilder ndjson = new StringBuilder();
    for (ObjectNode record : batch.records()) {
      ndjson.append(EnvelopeCodec.mapper().writeValueAsString(record)).append('\n');
    }
    try (S3Client s3 = aws.clients().s3()) {
      s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(ndjson.toString()));
    }
    publisher.publish("ingest", claimCheck(batch, bucket, key));
    return refusal;
  }

  /** The claim-check for the batch, carrying the inline envelope's time as its ingest time. */
  private static Envelope claimCheck(PublishedBatch batch, String bucket, String key) {
    ObjectNode data = EnvelopeCodec.mapper().createObjectNode().put("batchId", batch.batchId());
    data.putObject("claimCheck")
        .put("bucket", bucket)
        .put("key", key)
        .put("format", "ndjson")
        .put("recordCount", batch.records().size());
    Envelope inline = batch.envelope();
    return Envelope.originating(
        inline.id(),
        MessageType.INGEST_BATCH,
        inline.version(),
        inline.source(),
        inline.time(),
        inline.dataset(),
        batch.batchId(),
        data);
  }

  /** Whether {@code records} make an inline message SNS refuses. */
  static boolean tooLarge(Envelope envelope) throws Exception {
    return EnvelopeCodec.mapper().writeValueAsBytes(envelope).length > SNS_MAX_BYTES;
  }
}
