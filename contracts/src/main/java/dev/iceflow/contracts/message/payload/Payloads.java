package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.iceflow.contracts.message.SchemaKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Binds payload JSON to its record and back. Reading is tolerant of unknown fields: the message was
 * validated against its schema first, and a newer minor version may carry optional fields this
 * reader does not know yet. Writing leaves absent (null) fields out, as the schemas expect.
 */
public final class Payloads {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .defaultPropertyInclusion(
              // null fields are left out; null values inside maps (a null partition value) stay
              JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
          .build();

  private static final Map<Class<? extends Payload>, SchemaKey> SCHEMAS =
      Map.ofEntries(
          Map.entry(IngestBatchV1.class, IngestBatchV1.SCHEMA),
          Map.entry(BatchValidatedV1.class, BatchValidatedV1.SCHEMA),
          Map.entry(RecordsRejectedV1.class, RecordsRejectedV1.SCHEMA),
          Map.entry(DatafilesStagedV1.class, DatafilesStagedV1.SCHEMA),
          Map.entry(TableCommittedV1.class, TableCommittedV1.SCHEMA),
          Map.entry(TableCompactedV1.class, TableCompactedV1.SCHEMA),
          Map.entry(CostAlertV1.class, CostAlertV1.SCHEMA),
          Map.entry(PipelineControlV1.class, PipelineControlV1.SCHEMA),
          Map.entry(ScheduleTickV1.class, ScheduleTickV1.SCHEMA),
          Map.entry(DatafilesStagedV2.class, DatafilesStagedV2.SCHEMA));

  private Payloads() {}

  /** The schema (event type and major version) the payload record {@code type} binds. */
  public static SchemaKey schemaOf(Class<? extends Payload> type) {
    return SCHEMAS.get(type);
  }

  /** The payload of {@code data} as {@code type}; data must already meet the type's schema. */
  public static <T extends Payload> T read(JsonNode data, Class<T> type) {
    try {
      return MAPPER.treeToValue(data, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "payload does not bind to %s: %s".formatted(type.getSimpleName(), e.getOriginalMessage()),
          e);
    }
  }

  /**
   * The payload as the JSON object a message carries in {@code data}: written out and read back, so
   * the tree holds what the wire holds (base64 text for binary bounds, not binary nodes).
   */
  public static JsonNode toJson(Payload payload) {
    try {
      return MAPPER.readTree(MAPPER.writeValueAsBytes(payload));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + payload.schema() + " payload", e);
    }
  }

  /** The mapper payload records are bound with, for values that travel inside them. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
