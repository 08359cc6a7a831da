package dev.iceflow.contracts.message.payload;

import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.time.Instant;

/** {@code schedule.tick} v1: a schedule fired (EventBridge in AWS, a timer locally). */
public record ScheduleTickV1(String schedule, int rateMinutes, Instant firedAt) implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.SCHEDULE_TICK, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }
}
