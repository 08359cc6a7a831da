package dev.iceflow.common.stage;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.payload.Payload;
import java.time.Clock;
import java.time.Instant;

/**
 * Builds the messages one stage publishes, in one call: the stage's source, the version its bundled
 * schema declares for the payload's type and major version, and the time.
 */
public final class StageEvents {

  private final Stage stage;
  private final EnvelopeCodec codec;
  private final Clock clock;

  public StageEvents(Stage stage, EnvelopeCodec codec) {
    this(stage, codec, Clock.systemUTC());
  }

  StageEvents(Stage stage, EnvelopeCodec codec, Clock clock) {
    this.stage = stage;
    this.codec = codec;
    this.clock = clock;
  }

  public Stage stage() {
    return stage;
  }

  /**
   * A message caused by {@code cause} (same dataset, correlation id and trace). The id must be
   * deterministic, so that a redelivered cause republishes the same id.
   */
  public Envelope derive(Envelope cause, String id, Payload payload) {
    return cause.derive(id, payload, version(payload), stage.source(), clock.instant());
  }

  /** The first message of a new trace (a dropped file's notification, a timer's tick). */
  public Envelope originate(
      String id, Payload payload, Instant time, String dataset, String correlationId) {
    return Envelope.originating(
        id, payload, version(payload), stage.source(), time, dataset, correlationId);
  }

  private String version(Payload payload) {
    return codec.currentVersion(payload.schema());
  }
}
