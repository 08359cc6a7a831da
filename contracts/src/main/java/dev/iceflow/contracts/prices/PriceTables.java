package dev.iceflow.contracts.prices;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.iceflow.contracts.ContractException;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.UnknownContractException;
import dev.iceflow.contracts.message.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and checks the price tables under {@code prices/}: each {@code aws-<region>.json} must meet
 * prices/schema.json (every price with an https source and a date) and date no price in the future.
 */
public final class PriceTables {

  public static final String FOLDER = "prices";
  public static final String SCHEMA = FOLDER + "/schema.json";
  static final String FILE_PREFIX = "aws-";
  static final String FILE_SUFFIX = ".json";

  /** Exact decimals (a price is money) and LocalDate for asOf; unknown fields stay errors. */
  private static final ObjectMapper MAPPER =
      Contracts.mapper()
          .copy()
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final ContractSource source;
  private final JsonSchema schema;
  private final Clock clock;

  private PriceTables(ContractSource source, JsonSchema schema, Clock clock) {
    this.source = source;
    this.schema = schema;
    this.clock = clock;
  }

  /** The tables of {@code source}; {@code clock} says which day "the future" starts after. */
  public static PriceTables from(ContractSource source, Clock clock) {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    return new PriceTables(source, factory.getSchema(source.readJson(SCHEMA), config), clock);
  }

  public static String path(String region) {
    return FOLDER + "/" + FILE_PREFIX + region + FILE_SUFFIX;
  }

  /** Regions with a price table, sorted. */
  public List<String> regions() {
    try (Stream<Path> files = Files.list(source.resolve(FOLDER))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith(FILE_PREFIX) && n.endsWith(FILE_SUFFIX))
          .map(n -> n.substring(FILE_PREFIX.length(), n.length() - FILE_SUFFIX.length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + FOLDER + " under " + source.root(), e);
    }
  }

  /**
   * Every way the table of {@code region} breaks its contract, located by JSON Pointer (ids hold
   * dots); empty when it is sound.
   */
  public List<Violation> check(String region) {
    return check(region, read(region));
  }

  /** The table of {@code region}; fails when there is none or it breaks its contract. */
  public PriceTable load(String region) {
    JsonNode json = read(region);
    List<Violation> violations = check(region, json);
    if (!violations.isEmpty()) {
      throw new ContractException("%s: %s".formatted(path(region), violations));
    }
    try {
      return MAPPER.treeToValue(json, PriceTable.class);
    } catch (IOException e) {
      throw new ContractException(path(region) + " does not match PriceTable", e);
    }
  }

  private JsonNode read(String region) {
    String path = path(region);
    if (!Files.isRegularFile(source.resolve(path))) {
      throw new UnknownContractException(
          "no price table for region '%s' (known: %s)".formatted(region, regions()));
    }
    try {
      return MAPPER.readTree(source.read(path));
    } catch (IOException e) {
      throw new ContractException(path + " is not valid JSON", e);
    }
  }

  private List<Violation> check(String region, JsonNode json) {
    List<Violation> violations = new ArrayList<>();
    schema
        .validate(json)
        .forEach(
            m ->
                violations.add(
                    new Violation(
                        m.getInstanceLocation().toString(), m.getType() + ": " + m.getError())));
    if (!region.equals(json.path("region").asText())) {
      violations.add(
          new Violation(
              "/region",
              "the file is named for %s but declares '%s'"
                  .formatted(region, json.path("region").asText())));
    }
    if (violations.isEmpty()) {
      // after the schema passed, every asOf is a real date
      violations.addAll(datesInTheFuture(json.path("prices")));
    }
    violations.sort(Comparator.comparing(Violation::path).thenComparing(Violation::message));
    return violations;
  }

  /** A price cannot have been seen to hold on a day that has not come yet. */
  private List<Violation> datesInTheFuture(JsonNode prices) {
    LocalDate today = LocalDate.now(clock);
    List<Violation> violations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = prices.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> price = it.next();
      JsonNode asOf = price.getValue().path("asOf");
      if (LocalDate.parse(asOf.asText()).isAfter(today)) {
        violations.add(
            new Violation(
                "/prices/%s/asOf".formatted(price.getKey()),
                "date: %s is after today (%s)".formatted(asOf.asText(), today)));
      }
    }
    return violations;
  }
}
