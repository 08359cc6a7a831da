package dev.iceflow.costguard;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.contracts.message.payload.PipelineControlV1;
import dev.iceflow.contracts.message.payload.ScheduleTickV1;

/** What a message of the cost-guard queue asks for. */
sealed interface GuardMessage {

  /** The message read: its trace context is the parent of cost-guard's span. */
  Envelope envelope();

  /** A stage event: its usage is counted to its dataset. */
  record StageEvent(Envelope envelope, int bodyBytes) implements GuardMessage {}

  /** A pause or resume to apply to the functions' event sources. */
  record Control(Envelope envelope, PipelineControlV1 request) implements GuardMessage {}

  /** The cost-guard-tick schedule: read CloudWatch, lapse holds, evaluate every budget. */
  record Tick(Envelope envelope, ScheduleTickV1 tick) implements GuardMessage {}
}
