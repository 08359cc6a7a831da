package dev.iceflow.costguard;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.lambda.UnprocessableMessageException;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.PipelineControlV1;
import dev.iceflow.contracts.message.payload.ScheduleTickV1;
import dev.iceflow.contracts.topology.Schedules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads a message of the cost-guard queue. Anything its subscription should not have let through
 * can never succeed and is refused with the reason (parked, not dropped).
 */
@ApplicationScoped
public class GuardMessageReader {

  /** The stage events whose usage is counted (the subscription's filter, less pipeline.control). */
  static final Set<MessageType> METERED =
      Set.of(
          MessageType.BATCH_VALIDATED,
          MessageType.RECORDS_REJECTED,
          MessageType.TABLE_COMMITTED,
          MessageType.TABLE_COMPACTED);

  private final EnvelopeCodec codec;

  @Inject
  public GuardMessageReader(EnvelopeCodec codec) {
    this.codec = codec;
  }

  GuardMessage read(SQSMessage message) {
    String body = SqsBody.unwrap(message.getBody());
    Envelope envelope = codec.decode(body);
    MessageType type = envelope.messageType();
    if (METERED.contains(type)) {
      if (envelope.dataset() == null || envelope.dataset().isBlank()) {
        throw new UnprocessableMessageException(
            "%s %s names no dataset: its usage belongs to no budget"
                .formatted(envelope.type(), envelope.id()));
      }
      return new GuardMessage.StageEvent(envelope, body.getBytes(StandardCharsets.UTF_8).length);
    }
    if (type == MessageType.PIPELINE_CONTROL) {
      return new GuardMessage.Control(envelope, envelope.payload(PipelineControlV1.class));
    }
    if (type == MessageType.SCHEDULE_TICK) {
      ScheduleTickV1 tick = envelope.payload(ScheduleTickV1.class);
      if (!Schedules.COST_GUARD_TICK.equals(tick.schedule())) {
        throw new UnprocessableMessageException(
            "cost-guard runs on the %s schedule, not on %s (message %s)"
                .formatted(Schedules.COST_GUARD_TICK, tick.schedule(), envelope.id()));
      }
      return new GuardMessage.Tick(envelope, tick);
    }
    throw new UnprocessableMessageException(
        "cost-guard consumes %s, pipeline.control and schedule.tick, not %s (message %s)"
            .formatted(METERED, envelope.type(), envelope.id()));
  }
}
