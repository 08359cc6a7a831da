package dev.iceflow.contracts.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.iceflow.contracts.dataset.ContractVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a whole message (envelope + payload) against the contracts with a JSON Schema validator.
 *
 * <p>Tolerant reader: a message of a newer minor version than the schema this reader was built with
 * may carry optional fields the reader does not know; those (and only those) are let through.
 */
public final class MessageValidator {

  private static final String ADDITIONAL_PROPERTIES = "additionalProperties";

  private final JsonSchema envelope;
  private final Map<SchemaKey, PayloadSchema> payloads;

  MessageValidator(JsonSchema envelope, Map<SchemaKey, PayloadSchema> payloads) {
    this.envelope = envelope;
    this.payloads = Map.copyOf(payloads);
  }

  /** The schemas this validator knows, with the version each was published at. */
  public Map<SchemaKey, PayloadSchema> payloadSchemas() {
    return payloads;
  }

  /**
   * The MAJOR.MINOR a producer stamps on a new message of {@code schema}: the x-version of that
   * schema as this build carries it, so a minor contract change relabels what is published without
   * code changes.
   */
  public String currentVersion(SchemaKey schema) {
    PayloadSchema payload = payloads.get(schema);
    if (payload == null) {
      throw new IllegalArgumentException("no schema for " + schema);
    }
    return payload.version().toString();
  }

  /** The MAJOR.MINOR of the newest schema of {@code type}, whatever its major version. */
  public String currentVersion(MessageType type) {
    return payloads.entrySet().stream()
        .filter(e -> e.getKey().type() == type)
        .map(e -> e.getValue().version())
        .max(ContractVersion::compareTo)
        .orElseThrow(() -> new IllegalArgumentException("no schema for " + type))
        .toString();
  }

  /** Returns every violation; an empty list means the message meets its contract. */
  public List<Violation> validate(JsonNode message) {
    List<Violation> violations = new ArrayList<>(toViolations(envelope.validate(message)));
    if (!violations.isEmpty()) {
      return violations;
    }
    MessageType type = MessageType.fromWireName(message.get("type").asText()).orElseThrow();
    ContractVersion version = ContractVersion.parse(message.get("version").asText());
    PayloadSchema payload = payloads.get(new SchemaKey(type, version.major()));
    if (payload == null) {
      return List.of(
          new Violation(
              "$.version",
              "no schema for %s at major version %d".formatted(type, version.major())));
    }
    boolean newerMinor = version.minor() > payload.version().minor();
    for (Violation v : toViolations(payload.schema().validate(message.get("data")), "$.data")) {
      if (!(newerMinor && v.message().startsWith(ADDITIONAL_PROPERTIES))) {
        violations.add(v);
      }
    }
    return violations;
  }

  private static List<Violation> toViolations(Set<ValidationMessage> messages) {
    return toViolations(messages, "$");
  }

  private static List<Violation> toViolations(Set<ValidationMessage> messages, String root) {
    return messages.stream()
        .map(
            m ->
                new Violation(
                    root + relativePath(m.getInstanceLocation().toString()),
                    m.getType() + ": " + m.getError()))
        .sorted(java.util.Comparator.comparing(Violation::path))
        .toList();
  }

  private static String relativePath(String location) {
    return location.startsWith("$") ? location.substring(1) : location;
  }

  /** A payload schema with the contract version (x-version) it was published at. */
  public record PayloadSchema(JsonSchema schema, JsonNode json, ContractVersion version) {}
}
