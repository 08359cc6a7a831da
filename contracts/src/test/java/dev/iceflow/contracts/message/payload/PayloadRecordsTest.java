package dev.iceflow.contracts.message.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The payload records agree with their schemas: every valid example binds to its record and writes
 * back to the same JSON, so a field the record misses, misnames or mistypes fails here.
 */
class PayloadRecordsTest {

  private static final Path MESSAGES = Path.of("messages").toAbsolutePath();

  private static final Map<SchemaKey, Class<? extends Payload>> RECORDS =
      Arrays.stream(Payload.class.getPermittedSubclasses())
          .map(PayloadRecordsTest::payloadClass)
          .collect(Collectors.toMap(PayloadRecordsTest::schemaOf, Function.identity()));

  @Test
  void everyPublishedSchemaHasARecord() throws IOException {
    try (Stream<Path> schemas = Files.walk(MESSAGES)) {
      Set<SchemaKey> published =
          schemas
              .filter(f -> f.getFileName().toString().equals("schema.json"))
              .map(f -> f.getParent())
              .map(
                  v ->
                      new SchemaKey(
                          MessageType.fromWireName(v.getParent().getFileName().toString())
                              .orElseThrow(),
                          Integer.parseInt(v.getFileName().toString().substring(1))))
              .collect(Collectors.toSet());
      assertThat(RECORDS.keySet()).isEqualTo(published);
    }
  }

  @Test
  void everyRecordNamesItsSchema() {
    RECORDS.forEach(
        (key, type) -> assertThat(Payloads.schemaOf(type)).as("%s", type).isEqualTo(key));
  }

  @TestFactory
  Stream<DynamicTest> everyValidExampleBindsToItsRecordAndBackUnchanged() throws IOException {
    return Files.walk(MESSAGES)
        .filter(f -> f.getParent().getFileName().toString().equals("examples"))
        .filter(f -> f.getFileName().toString().startsWith("valid-"))
        .sorted()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    MESSAGES.relativize(file).toString(),
                    () -> {
                      JsonNode message = Contracts.mapper().readTree(Files.readAllBytes(file));
                      SchemaKey key = keyOf(message);
                      Payload payload = Payloads.read(message.get("data"), RECORDS.get(key));

                      assertThat(payload.schema()).isEqualTo(key);
                      assertThat(Payloads.toJson(payload).equals(SAME_VALUE, message.get("data")))
                          .as("%s written back: %s", file, Payloads.toJson(payload))
                          .isTrue();
                    }));
  }

  @Test
  void shouldIgnoreAnOptionalFieldOfANewerMinorVersion() {
    ObjectNode data =
        (ObjectNode) Payloads.toJson(new ScheduleTickV1("compaction-sweep", 15, null));
    data.put("firedAt", "2026-11-30T00:00:00Z").put("jitterSeconds", 3);

    assertThat(Payloads.read(data, ScheduleTickV1.class).rateMinutes()).isEqualTo(15);
  }

  /** Numbers compare by value (20 equals 20.0); everything else as JSON does. */
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isTextual() && b.isTextual() && isInstant(a) && isInstant(b)) {
          return java.time.Instant.parse(a.asText()).compareTo(java.time.Instant.parse(b.asText()));
        }
        return a.equals(b) ? 0 : 1;
      };

  private static boolean isInstant(JsonNode text) {
    try {
      java.time.Instant.parse(text.asText());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static SchemaKey keyOf(JsonNode message) {
    String version = message.get("version").asText();
    return new SchemaKey(
        MessageType.fromWireName(message.get("type").asText()).orElseThrow(),
        Integer.parseInt(version.substring(0, version.indexOf('.'))));
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Payload> payloadClass(Class<?> type) {
    return (Class<? extends Payload>) type;
  }

  private static SchemaKey schemaOf(Class<? extends Payload> type) {
    try {
      return (SchemaKey) type.getField("SCHEMA").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(type + " needs a public static SCHEMA", e);
    }
  }
}
