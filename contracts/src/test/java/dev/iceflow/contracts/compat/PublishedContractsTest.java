package dev.iceflow.contracts.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate every contract change passes: compatible with what was last published. */
class PublishedContractsTest {

  private static final Path REPOSITORY_CONTRACTS = Path.of("").toAbsolutePath();

  @Test
  void repositoryContractsAreCompatibleWithTheirPublishedCopies() {
    Contracts contracts = Contracts.from(ContractSource.directory(REPOSITORY_CONTRACTS));

    assertThat(new PublishedContracts(contracts).check()).isEmpty();
  }

  @Test
  void shouldFailWhenASchemaGainsARequiredFieldWithinItsMajor(@TempDir Path copy)
      throws IOException {
    copyTree(REPOSITORY_CONTRACTS, copy);
    Path schema = copy.resolve("messages/batch.validated/v1/schema.json");
    ObjectNode json = (ObjectNode) Contracts.mapper().readTree(schema.toFile());
    json.withArray("required").add("tenant");
    json.with("properties").putObject("tenant").put("type", "string");
    json.put("x-version", raisedMinor(json));
    Contracts.mapper().writeValue(schema.toFile(), json);

    assertThat(new PublishedContracts(Contracts.from(ContractSource.directory(copy))).check())
        .containsExactly(
            "messages/batch.validated/v1/schema.json: breaking change $: new required field 'tenant'");
  }

  @Test
  void shouldFailWhenTheEnvelopeRemovesAField(@TempDir Path copy) throws IOException {
    copyTree(REPOSITORY_CONTRACTS, copy);
    Path envelope = copy.resolve("messages/envelope/v1.schema.json");
    ObjectNode json = (ObjectNode) Contracts.mapper().readTree(envelope.toFile());
    json.with("properties").remove("tracestate");
    json.put("x-version", raisedMinor(json));
    Contracts.mapper().writeValue(envelope.toFile(), json);

    assertThat(new PublishedContracts(Contracts.from(ContractSource.directory(copy))).check())
        .containsExactly(
            "messages/envelope/v1.schema.json: breaking change $.tracestate: field removed");
  }

  @Test
  void shouldAcceptAnOptionalFieldWithARaisedMinor_andDemandTheRaise(@TempDir Path copy)
      throws IOException {
    copyTree(REPOSITORY_CONTRACTS, copy);
    Path schema = copy.resolve("messages/table.committed/v1/schema.json");
    ObjectNode json = (ObjectNode) Contracts.mapper().readTree(schema.toFile());
    json.with("properties").putObject("note").put("type", "string").put("description", "free text");
    Contracts.mapper().writeValue(schema.toFile(), json);
    PublishedContracts unbumped =
        new PublishedContracts(Contracts.from(ContractSource.directory(copy)));

    assertThat(unbumped.check())
        .containsExactly(
            "messages/table.committed/v1/schema.json: changed since 1.0 was published but its x-version was not raised");

    json.put("x-version", raisedMinor(json));
    Contracts.mapper().writeValue(schema.toFile(), json);
    assertThat(new PublishedContracts(Contracts.from(ContractSource.directory(copy))).check())
        .isEmpty();
  }

  @Test
  void shouldFailWhenATableColumnChangesType(@TempDir Path copy) throws IOException {
    copyTree(REPOSITORY_CONTRACTS, copy);
    Path contract = copy.resolve("datasets/flights.json");
    String text = Files.readString(contract);
    Files.writeString(
        contract,
        text.replace(
                "\"name\": \"delay_minutes\", \"type\": \"int\"",
                "\"name\": \"delay_minutes\", \"type\": \"string\"")
            .replace("\"version\": \"1.2\"", "\"version\": \"1.3\""));

    assertThat(new PublishedContracts(Contracts.from(ContractSource.directory(copy))).check())
        .containsExactly(
            "datasets/flights.json: breaking change table column 4 (delay_minutes): type changed from int to string");
  }

  @Test
  void shouldAcceptANewBudgetWithARaisedVersion(@TempDir Path copy) throws IOException {
    copyTree(REPOSITORY_CONTRACTS, copy);
    Path contract = copy.resolve("datasets/flights.json");
    String text = Files.readString(contract);
    String changed =
        text.replace("\"budgetUsd\": 25,", "\"budgetUsd\": 40,")
            .replace("\"hardLimitPercent\": 150", "\"hardLimitPercent\": 100")
            .replace("\"version\": \"1.2\"", "\"version\": \"1.3\"");
    assertThat(changed).contains("\"budgetUsd\": 40,", "\"hardLimitPercent\": 100");
    Files.writeString(contract, changed);

    assertThat(new PublishedContracts(Contracts.from(ContractSource.directory(copy))).check())
        .isEmpty();
  }

  /** The schema's x-version with its minor part raised by one (1.0 -> 1.1, 1.1 -> 1.2). */
  private static String raisedMinor(ObjectNode schema) {
    String[] parts = schema.get("x-version").asText().split("\\.");
    return parts[0] + "." + (Integer.parseInt(parts[1]) + 1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source :
          files
              .filter(
                  f -> !f.startsWith(from.resolve("target")) && !f.startsWith(from.resolve("src")))
              .toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
