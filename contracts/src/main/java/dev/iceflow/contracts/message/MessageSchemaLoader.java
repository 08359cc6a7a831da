package dev.iceflow.contracts.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.iceflow.contracts.ContractException;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.dataset.ContractVersion;
import dev.iceflow.contracts.message.MessageValidator.PayloadSchema;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Compiles the envelope and every payload schema found under {@code messages/}. */
public final class MessageSchemaLoader {

  /** The envelope schema's path inside contracts/. */
  public static final String ENVELOPE = "messages/envelope/v1.schema.json";

  /** Annotation keyword: the MAJOR.MINOR contract version a schema file describes. */
  static final String VERSION_KEYWORD = "x-version";

  private static final int MAX_MAJOR = 99;

  private MessageSchemaLoader() {}

  public static MessageValidator load(ContractSource source) {
    JsonSchemaFactory factory = factory();
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    JsonSchema envelope = factory.getSchema(source.readJson(ENVELOPE), config);
    Map<SchemaKey, PayloadSchema> payloads = new HashMap<>();
    for (MessageType type : MessageType.values()) {
      for (int major = 1; major <= MAX_MAJOR; major++) {
        SchemaKey key = new SchemaKey(type, major);
        if (!Files.isRegularFile(source.resolve(key.path()))) {
          break;
        }
        JsonNode json = source.readJson(key.path());
        payloads.put(
            key, new PayloadSchema(factory.getSchema(json, config), json, versionOf(key, json)));
      }
      if (payloads.keySet().stream().noneMatch(k -> k.type() == type)) {
        throw new ContractException("no payload schema for " + type + " under messages/");
      }
    }
    return new MessageValidator(envelope, payloads);
  }

  private static ContractVersion versionOf(SchemaKey key, JsonNode schema) {
    JsonNode declared = schema.get(VERSION_KEYWORD);
    if (declared == null) {
      throw new ContractException("%s has no %s".formatted(key.path(), VERSION_KEYWORD));
    }
    ContractVersion version = ContractVersion.parse(declared.asText());
    if (version.major() != key.major()) {
      throw new ContractException(
          "%s declares %s %s but lives under v%d"
              .formatted(key.path(), VERSION_KEYWORD, version, key.major()));
    }
    return version;
  }

  /** Draft 2020-12, plus our annotation keyword so the validator neither fails nor warns on it. */
  static JsonSchemaFactory factory() {
    JsonMetaSchema metaSchema =
        JsonMetaSchema.builder(JsonMetaSchema.getV202012())
            .keyword(new NonValidationKeyword(VERSION_KEYWORD))
            .build();
    return JsonSchemaFactory.getInstance(
        SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(metaSchema));
  }
}
