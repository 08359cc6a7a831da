package dev.iceflow.contracts.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.ContractException;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.ContractVersion;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.MessageSchemaLoader;
import dev.iceflow.contracts.message.MessageValidator.PayloadSchema;
import dev.iceflow.contracts.message.SchemaKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks every current contract against its last published copy under {@code published/}, and
 * publishes the current ones (the release step). A contract that changed must also bump its minor
 * version, so readers can tell the two apart.
 */
public final class PublishedContracts {

  /** Folder, inside contracts/, of the last published copies. */
  public static final String PUBLISHED = "published";

  private static final String VERSION_KEYWORD = "x-version";

  private final Contracts contracts;

  public PublishedContracts(Contracts contracts) {
    this.contracts = contracts;
  }

  /** Every problem found; empty when all contracts are compatible with what was published. */
  public List<String> check() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<SchemaKey, PayloadSchema> entry :
        contracts.messages().payloadSchemas().entrySet()) {
      checkMessageSchema(entry.getKey().path(), entry.getValue().json(), problems);
    }
    checkMessageSchema(
        MessageSchemaLoader.ENVELOPE,
        contracts.source().readJson(MessageSchemaLoader.ENVELOPE),
        problems);
    for (DataContract current : contracts.datasets().values()) {
      checkDataContract(current, problems);
    }
    return problems;
  }

  /** A message schema (payload or envelope) against its published copy. */
  private void checkMessageSchema(String path, JsonNode current, List<String> problems) {
    Path copy = publishedPath(path);
    if (!Files.isRegularFile(copy)) {
      problems.add("%s: never published (run the publish step)".formatted(path));
      return;
    }
    JsonNode published = readJson(copy);
    for (String change : SchemaCompatibility.breakingChanges(published, current)) {
      problems.add("%s: breaking change %s".formatted(path, change));
    }
    ContractVersion publishedVersion =
        ContractVersion.parse(published.path(VERSION_KEYWORD).asText());
    ContractVersion currentVersion = ContractVersion.parse(current.path(VERSION_KEYWORD).asText());
    if (!withoutVersion(published).equals(withoutVersion(current))
        && currentVersion.compareTo(publishedVersion) <= 0) {
      problems.add(
          "%s: changed since %s was published but its %s was not raised"
              .formatted(path, publishedVersion, VERSION_KEYWORD));
    }
  }

  private void checkDataContract(DataContract current, List<String> problems) {
    String relative = "datasets/" + current.dataset() + ".json";
    Path copy = publishedPath(relative);
    if (!Files.isRegularFile(copy)) {
      problems.add(relative + ": never published (run the publish step)");
      return;
    }
    DataContract published;
    try {
      published = Contracts.mapper().readValue(Files.readAllBytes(copy), DataContract.class);
    } catch (IOException e) {
      throw new ContractException("published copy " + copy + " is unreadable", e);
    }
    for (String change : DataContractCompatibility.breakingChanges(published, current)) {
      problems.add("%s: breaking change %s".formatted(relative, change));
    }
    boolean changed = !readJson(copy).equals(readJson(contracts.source().resolve(relative)));
    if (changed && current.contractVersion().compareTo(published.contractVersion()) <= 0) {
      problems.add(
          "%s: changed since %s was published but its version was not raised"
              .formatted(relative, published.version()));
    }
  }

  /** Copies every current contract over its published copy (run on release, after check()). */
  public List<Path> publish() {
    List<String> relatives = new ArrayList<>();
    contracts.messages().payloadSchemas().keySet().forEach(k -> relatives.add(k.path()));
    relatives.add(MessageSchemaLoader.ENVELOPE);
    contracts.datasets().keySet().forEach(d -> relatives.add("datasets/" + d + ".json"));
    List<Path> written = new ArrayList<>();
    try {
      for (String relative : relatives) {
        Path target = publishedPath(relative);
        Files.createDirectories(target.getParent());
        Files.write(target, contracts.source().read(relative));
        written.add(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write published contracts", e);
    }
    return written;
  }

  private Path publishedPath(String relative) {
    return contracts.source().resolve(PUBLISHED).resolve(relative);
  }

  private static JsonNode withoutVersion(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(VERSION_KEYWORD);
    return copy;
  }

  private static JsonNode readJson(Path file) {
    try {
      return Contracts.mapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
