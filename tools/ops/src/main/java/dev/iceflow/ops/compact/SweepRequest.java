package dev.iceflow.ops.compact;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.payload.ScheduleTickV1;
import dev.iceflow.contracts.topology.ScheduleSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The compaction-sweep schedule's tick, sent by an operator instead of the schedule: the message
 * EventBridge sends in AWS (terraform/modules/messaging) and the local platform's timers send, so
 * compaction runs the full sweep (bin-packing, manifest rewrite, snapshot expiry, orphan removal)
 * of every table. The contracts have no per-table request: the tick is platform-wide.
 */
record SweepRequest(Envelope envelope, String body) {

  static final String SOURCE = "urn:iceflow:ops";

  /** Platform-wide: envelope v1's dataset for "every dataset", as the scheduler sends it. */
  static final String EVERY_DATASET = "*";

  /** The request, validated against the message contracts before anything is sent. */
  static SweepRequest of(ScheduleSpec schedule, Instant now, EnvelopeCodec codec) {
    Instant firedAt = now.truncatedTo(ChronoUnit.SECONDS);
    // its own id: compaction derives its table.compacted ids from it, so each request reports anew
    String id = "ops.%s.%s".formatted(schedule.name(), UUID.randomUUID());
    ScheduleTickV1 tick = new ScheduleTickV1(schedule.name(), schedule.rateMinutes(), firedAt);
    Envelope envelope =
        Envelope.originating(
            id, tick, codec.currentVersion(ScheduleTickV1.SCHEMA), SOURCE, now, EVERY_DATASET, id);
    return new SweepRequest(envelope, codec.encode(envelope));
  }
}
