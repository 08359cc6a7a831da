package dev.iceflow.common.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.MessageValidator;
import dev.iceflow.contracts.message.SchemaKey;
import dev.iceflow.contracts.message.Violation;
import java.util.List;

/**
 * Reads and writes envelopes, checking both directions against the message contracts: a consumer
 * never acts on an invalid message, and a producer never publishes one.
 */
public final class EnvelopeCodec {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final MessageValidator validator;

  public EnvelopeCodec(MessageValidator validator) {
    this.validator = validator;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The version a new message of {@code type} is published at (its newest schema's). */
  public String currentVersion(MessageType type) {
    return validator.currentVersion(type);
  }

  /** The version a new message of {@code schema} (a type at a major version) is published at. */
  public String currentVersion(SchemaKey schema) {
    return validator.currentVersion(schema);
  }

  public Envelope decode(String body) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException("message body is not JSON", e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidMessageException("message body is not a JSON object", List.of());
    }
    List<Violation> violations = validator.validate(tree);
    if (!violations.isEmpty()) {
      throw new InvalidMessageException("message breaks its contract", violations);
    }
    try {
      return MAPPER.treeToValue(tree, Envelope.class);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException("message cannot be read as an envelope", e);
    }
  }

  public String encode(Envelope envelope) {
    JsonNode tree = MAPPER.valueToTree(envelope);
    List<Violation> violations = validator.validate(tree);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          "refusing to publish %s %s: it breaks its contract: %s"
              .formatted(envelope.type(), envelope.id(), violations));
    }
    return tree.toString();
  }
}
