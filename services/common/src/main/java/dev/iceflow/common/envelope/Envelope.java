package dev.iceflow.common.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.message.MessageType;
import java.time.Instant;
import java.util.Objects;

/**
 * The envelope around every message ({@code contracts/messages/envelope/v1.schema.json}): context
 * attributes plus the payload as a JSON object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(
    String id,
    String type,
    String version,
    String source,
    Instant time,
    String dataset,
    String correlationId,
    String traceparent,
    String tracestate,
    String dataschema,
    JsonNode data) {

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /**
   * The first message of a new trace, caused by no earlier message: an upstream batch, a dropped
   * file's notification, a timer's tick. Later messages derive from it ({@link #derive}).
   */
  public static Envelope originating(
      String id,
      MessageType type,
      String version,
      String source,
      Instant time,
      String dataset,
      String correlationId,
      JsonNode data) {
    return new Envelope(
        id,
        type.wireName(),
        version,
        source,
        time,
        dataset,
        correlationId,
        TraceContext.newTrace(),
        null,
        null,
        data);
  }

  public MessageType messageType() {
    return MessageType.fromWireName(type)
        .orElseThrow(() -> new IllegalStateException("unknown message type " + type));
  }

  /**
   * A message caused by this one: same dataset and correlation id, a child span of this trace, the
   * given deterministic id (so a redelivered input republishes the same id).
   */
  public Envelope derive(
      String newId,
      MessageType newType,
      String newVersion,
      String newSource,
      JsonNode newData,
      Instant now) {
    return new Envelope(
        newId,
        newType.wireName(),
        newVersion,
        newSource,
        now,
        dataset,
        correlationId,
        TraceContext.childOf(traceparent),
        tracestate,
        "messages/%s/v%s/schema.json"
            .formatted(newType.wireName(), newVersion.substring(0, newVersion.indexOf('.'))),
        newData);
  }
}
