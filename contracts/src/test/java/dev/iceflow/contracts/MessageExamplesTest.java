package dev.iceflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import dev.iceflow.contracts.message.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MessageExamplesTest {

  private final Contracts contracts = RepositoryContracts.load();

  @TestFactory
  Stream<DynamicTest> everyValidExampleMeetsItsContract() throws IOException {
    return examples("valid-")
        .map(
            file ->
                DynamicTest.dynamicTest(
                    name(file),
                    () -> assertThat(contracts.messages().validate(read(file))).isEmpty()));
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidExampleIsRejectedForItsPayload() throws IOException {
    return examples("invalid-")
        .map(
            file ->
                DynamicTest.dynamicTest(
                    name(file),
                    () -> {
                      List<Violation> violations = contracts.messages().validate(read(file));
                      assertThat(violations).isNotEmpty();
                      assertThat(violations)
                          .allSatisfy(v -> assertThat(v.path()).startsWith("$.data"));
                    }));
  }

  @Test
  void everyTypeHasValidAndInvalidExamples() throws IOException {
    for (MessageType type : MessageType.values()) {
      Path folder =
          RepositoryContracts.ROOT.resolve("messages/" + type.wireName() + "/v1/examples");
      try (Stream<Path> files = Files.list(folder)) {
        List<String> names = files.map(f -> f.getFileName().toString()).toList();
        assertThat(names).as(type.wireName()).anyMatch(n -> n.startsWith("valid-"));
        assertThat(names).as(type.wireName()).anyMatch(n -> n.startsWith("invalid-"));
      }
    }
  }

  @Test
  void shouldRejectEnvelopeWithoutTraceContext() throws IOException {
    JsonNode message =
        read(
            RepositoryContracts.ROOT.resolve(
                "messages/ingest.batch/v1/examples/valid-inline.json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) message).remove("traceparent");

    assertThat(contracts.messages().validate(message))
        .extracting(Violation::message)
        .anyMatch(m -> m.contains("traceparent"));
  }

  @Test
  void shouldLetNewerMinorCarryUnknownOptionalFields_butNotSameMinor() throws IOException {
    JsonNode message =
        read(
            RepositoryContracts.ROOT.resolve(
                "messages/ingest.batch/v1/examples/valid-inline.json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) message.get("data")).put("priority", "high");

    assertThat(contracts.messages().validate(message)).isNotEmpty();

    ((com.fasterxml.jackson.databind.node.ObjectNode) message).put("version", "1.7");
    assertThat(contracts.messages().validate(message)).isEmpty();
  }

  @Test
  void producersStampTheVersionEachSchemaDeclares() throws IOException {
    for (SchemaKey key : contracts.messages().payloadSchemas().keySet()) {
      JsonNode schema = read(RepositoryContracts.ROOT.resolve(key.path()));
      assertThat(contracts.messages().currentVersion(key))
          .as(key.toString())
          .isEqualTo(schema.get("x-version").asText());
    }
  }

  @Test
  void shouldRejectUnknownMajorVersion() throws IOException {
    JsonNode message =
        read(
            RepositoryContracts.ROOT.resolve(
                "messages/ingest.batch/v1/examples/valid-inline.json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) message).put("version", "9.0");

    assertThat(contracts.messages().validate(message))
        .extracting(Violation::message)
        .containsExactly("no schema for ingest.batch at major version 9");
  }

  private static Stream<Path> examples(String prefix) throws IOException {
    return Files.walk(RepositoryContracts.ROOT.resolve("messages"))
        .filter(f -> f.getParent().getFileName().toString().equals("examples"))
        .filter(f -> f.getFileName().toString().startsWith(prefix))
        .sorted();
  }

  private static String name(Path file) {
    return RepositoryContracts.ROOT.relativize(file).toString();
  }

  private static JsonNode read(Path file) throws IOException {
    return Contracts.mapper().readTree(Files.readAllBytes(file));
  }
}
