package dev.iceflow.contracts.message.payload;

import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.time.Instant;
import java.util.List;

/** {@code pipeline.control} v1: pause or resume pipeline functions. */
public record PipelineControlV1(
    String action,
    Scope scope,
    String reason,
    String requestedBy,
    Instant requestedAt,
    Instant until)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.PIPELINE_CONTROL, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }

  /** The functions the action applies to. */
  public record Scope(List<String> functions) {}
}
