package dev.iceflow.ops.control;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.payload.PipelineControlV1;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One operator's pipeline.control request as an envelope, checked against the message contracts
 * before anything is sent: what cost-guard would refuse is never published.
 */
record ControlRequest(Envelope envelope, PipelineControlV1 payload) {

  /** The envelope's source: the ops CLI (stages are urn:iceflow:&lt;stage&gt;). */
  static final String SOURCE = "urn:iceflow:ops";

  /** A platform-wide message: envelope v1's dataset for "every dataset". */
  static final String EVERY_DATASET = "*";

  static final String ID_PREFIX = "ops.";

  /**
   * The request, validated.
   *
   * @throws IllegalArgumentException with the contract's violations when it breaks them
   */
  static ControlRequest of(
      ControlAction action,
      List<String> functions,
      String reason,
      String requestedBy,
      Instant requestedAt,
      Instant until,
      String dataset,
      EnvelopeCodec codec) {
    PipelineControlV1 payload =
        new PipelineControlV1(
            action.wireName(),
            new PipelineControlV1.Scope(functions),
            reason,
            requestedBy,
            requestedAt,
            until);
    // a fresh id: each operator request is its own hold, and the id is what a resume reports
    String id = ID_PREFIX + action.wireName() + "." + UUID.randomUUID();
    Envelope envelope =
        Envelope.originating(
            id,
            payload,
            codec.currentVersion(PipelineControlV1.SCHEMA),
            SOURCE,
            requestedAt,
            dataset,
            id);
    codec.encode(envelope);
    return new ControlRequest(envelope, payload);
  }
}
