package dev.iceflow.ops.quarantine;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Corrected records as the ingest.batch an upstream system would publish: inline records under the
 * replay's batch id, for the quarantined batch's dataset, checked against the message contracts
 * before anything is sent.
 */
record ReplayRequest(Envelope envelope, int bytes) {

  /** The envelope's source: the ops CLI, as its pipeline.control requests. */
  static final String SOURCE = "urn:iceflow:ops";

  /** The envelope id: {@code ops.replay.<batch id>}, the same for the same replay. */
  static final String ID_PREFIX = "ops.replay.";

  /** SNS's largest message, 256 KiB. */
  static final int MAX_SNS_BYTES = 256 * 1024;

  /**
   * The request, validated.
   *
   * @throws IllegalArgumentException with the contract's violations when it breaks them
   */
  static ReplayRequest of(
      String batchId,
      String dataset,
      CorrectedRecords corrected,
      Instant now,
      EnvelopeCodec codec) {
    IngestBatchV1 payload = IngestBatchV1.inline(batchId, corrected.records());
    Envelope envelope =
        Envelope.originating(
            ID_PREFIX + batchId,
            payload,
            codec.currentVersion(IngestBatchV1.SCHEMA),
            SOURCE,
            now,
            dataset,
            batchId);
    int bytes = codec.encode(envelope).getBytes(StandardCharsets.UTF_8).length;
    return new ReplayRequest(envelope, bytes);
  }

  boolean fitsOneSnsMessage() {
    return bytes <= MAX_SNS_BYTES;
  }
}
