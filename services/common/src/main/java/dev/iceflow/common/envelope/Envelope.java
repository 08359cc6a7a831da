package dev.iceflow.common.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.tracing.EnvelopePropagation;
import dev.iceflow.common.tracing.TraceFields;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import dev.iceflow.contracts.message.payload.Payload;
import dev.iceflow.contracts.message.payload.Payloads;
import java.time.Instant;
import java.util.List;
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
   * A message caused by no earlier message: an upstream batch, a dropped file's notification, a
   * timer's tick. It is sent in the current span when there is one, else it starts a new trace.
   * Later messages derive from it ({@link #derive}).
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
    TraceFields trace = EnvelopePropagation.originating();
    return new Envelope(
        id,
        type.wireName(),
        version,
        source,
        time,
        dataset,
        correlationId,
        trace.traceparent(),
        trace.tracestate(),
        null,
        data);
  }

  /**
   * The first message of a new trace with a typed payload; the version is the one the bundled
   * schema declares (see {@code EnvelopeCodec.currentVersion}).
   */
  public static Envelope originating(
      String id,
      Payload payload,
      String version,
      String source,
      Instant time,
      String dataset,
      String correlationId) {
    return originating(
        id,
        payload.schema().type(),
        version,
        source,
        time,
        dataset,
        correlationId,
        Payloads.toJson(payload));
  }

  /**
   * The payload as its record. Fails with the reason when the message is of another type or major
   * version than {@code type} reads: a message the consumer cannot act on.
   */
  public <T extends Payload> T payload(Class<T> type) {
    SchemaKey expected = Payloads.schemaOf(type);
    if (!expected.type().wireName().equals(this.type) || expected.major() != majorVersion()) {
      throw new InvalidMessageException(
          "expected %s, got %s v%s (message %s)".formatted(expected, this.type, version, id),
          List.of());
    }
    return Payloads.read(data, type);
  }

  /** The major part of {@code version}. */
  public int majorVersion() {
    int dot = version == null ? -1 : version.indexOf('.');
    return Integer.parseInt(dot < 0 ? String.valueOf(version) : version.substring(0, dot));
  }

  /** This message sent at another time. */
  public Envelope withTime(Instant newTime) {
    return new Envelope(
        id,
        type,
        version,
        source,
        newTime,
        dataset,
        correlationId,
        traceparent,
        tracestate,
        dataschema,
        data);
  }

  /** This message with another payload of the same type. */
  public Envelope withData(JsonNode newData) {
    return new Envelope(
        id,
        type,
        version,
        source,
        time,
        dataset,
        correlationId,
        traceparent,
        tracestate,
        dataschema,
        newData);
  }

  public MessageType messageType() {
    return MessageType.fromWireName(type)
        .orElseThrow(() -> new IllegalStateException("unknown message type " + type));
  }

  /**
   * A message caused by this one: same dataset and correlation id, sent in the current stage span
   * of this trace ({@link EnvelopePropagation#derivedFrom}), the given deterministic id (so a
   * redelivered input republishes the same id).
   */
  public Envelope derive(
      String newId, Payload payload, String newVersion, String newSource, Instant now) {
    return derive(
        newId, payload.schema().type(), newVersion, newSource, Payloads.toJson(payload), now);
  }

  /** As {@link #derive(String, Payload, String, String, Instant)}, with the payload as JSON. */
  public Envelope derive(
      String newId,
      MessageType newType,
      String newVersion,
      String newSource,
      JsonNode newData,
      Instant now) {
    TraceFields trace = EnvelopePropagation.derivedFrom(this);
    return new Envelope(
        newId,
        newType.wireName(),
        newVersion,
        newSource,
        now,
        dataset,
        correlationId,
        trace.traceparent(),
        trace.tracestate(),
        "messages/%s/v%s/schema.json"
            .formatted(newType.wireName(), newVersion.substring(0, newVersion.indexOf('.'))),
        newData);
  }
}
