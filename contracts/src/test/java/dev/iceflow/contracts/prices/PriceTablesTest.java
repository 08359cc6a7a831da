package dev.iceflow.contracts.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.ContractException;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.UnknownContractException;
import dev.iceflow.contracts.message.Violation;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The price tables fail the build when a price lacks its source or date, or claims a future one.
 */
class PriceTablesTest {

  private static final Path REPOSITORY_CONTRACTS = Path.of("").toAbsolutePath();
  private static final String US_EAST_1 = "us-east-1";
  private static final String EU_WEST_1 = "eu-west-1";
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
  private static final Clock FIXED =
      Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

  private final PriceTables repository =
      PriceTables.from(ContractSource.directory(REPOSITORY_CONTRACTS), Clock.systemUTC());

  @Test
  void everyRegionTableMeetsItsContract() {
    assertThat(repository.regions()).contains(US_EAST_1, EU_WEST_1);

    for (String region : repository.regions()) {
      assertThat(repository.check(region)).as(region).isEmpty();
    }
  }

  @Test
  void packagedTableReadsTypedWithExactDecimals() {
    PriceTable table = Contracts.packaged().prices(US_EAST_1);

    Price compute = table.price(PriceIds.LAMBDA_COMPUTE_X86);
    assertThat(table.region()).isEqualTo(US_EAST_1);
    assertThat(compute.usd()).isEqualByComparingTo(new BigDecimal("0.0000166667"));
    assertThat(compute.unit()).isEqualTo(PriceUnit.GB_SECOND);
    assertThat(compute.source().getScheme()).isEqualTo("https");
    assertThat(compute.asOf()).isBeforeOrEqualTo(LocalDate.now(ZoneOffset.UTC));
    assertThat(table.price(PriceIds.SNS_DELIVERY_SQS).usd()).isZero();
    assertThat(table.price(PriceIds.VPC_GATEWAY_ENDPOINT).usd()).isZero();
  }

  @Test
  void everyRegionPricesFirehoseIntoIcebergPerGigabyte() {
    for (String region : repository.regions()) {
      Price firehose = repository.load(region).price(PriceIds.FIREHOSE_ICEBERG_INGESTION);

      assertThat(firehose.unit()).as(region).isEqualTo(PriceUnit.GB);
      assertThat(firehose.usd()).as(region).isPositive();
    }
  }

  @Test
  void schemaUnitsAreExactlyTheKnownUnits() {
    JsonNode units = schema().at("/$defs/price/properties/unit/enum");

    assertThat(strings(units))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(PriceUnit.values()).map(PriceUnit::wireName).toList());
  }

  @Test
  void schemaRequiresExactlyThePriceIdsTheCodeNames() throws IllegalAccessException {
    List<String> constants = new ArrayList<>();
    for (Field field : PriceIds.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        constants.add((String) field.get(null));
      }
    }

    assertThat(strings(schema().at("/properties/prices/required")))
        .containsExactlyInAnyOrderElementsOf(constants);
  }

  @Test
  void shouldFailWhenAPriceHasNoSource(@TempDir Path copy) throws IOException {
    List<Violation> violations =
        checkEdited(copy, table -> price(table, PriceIds.SNS_PUBLISH).remove("source"));

    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("/prices/sns.publish"))
        .satisfies(v -> assertThat(v.message()).startsWith("required").contains("source"));
  }

  @Test
  void shouldFailWhenAPriceHasNoDate(@TempDir Path copy) throws IOException {
    List<Violation> violations =
        checkEdited(copy, table -> price(table, PriceIds.KMS_KEY).remove("asOf"));

    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("/prices/kms.key"))
        .satisfies(v -> assertThat(v.message()).startsWith("required").contains("asOf"));
  }

  @Test
  void shouldFailWhenASourceIsNotHttps(@TempDir Path copy) throws IOException {
    List<Violation> violations =
        checkEdited(
            copy,
            table ->
                price(table, PriceIds.S3_STORAGE_STANDARD)
                    .put("source", "http://aws.amazon.com/s3/pricing/"));

    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("/prices/s3.storage.standard/source"))
        .satisfies(v -> assertThat(v.message()).startsWith("pattern"));
  }

  @Test
  void shouldFailWhenADateIsInTheFuture_andAcceptToday(@TempDir Path copy) throws IOException {
    List<Violation> violations =
        checkEdited(
            copy,
            table ->
                price(table, PriceIds.LAMBDA_REQUESTS).put("asOf", TODAY.plusDays(1).toString()));

    assertThat(violations)
        .containsExactly(
            new Violation(
                "/prices/lambda.requests/asOf", "date: 2026-12-01 is after today (2026-11-30)"));

    assertThat(
            checkEdited(
                copy,
                table -> price(table, PriceIds.LAMBDA_REQUESTS).put("asOf", TODAY.toString())))
        .isEmpty();
  }

  @Test
  void shouldFailWhenADateIsNotARealDate(@TempDir Path copy) throws IOException {
    List<Violation> violations =
        checkEdited(copy, table -> price(table, PriceIds.KMS_REQUESTS).put("asOf", "2025-02-30"));

    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("/prices/kms.requests/asOf"))
        .satisfies(v -> assertThat(v.message()).startsWith("format"));
  }

  @Test
  void shouldFailWhenAUnitIsUnknown(@TempDir Path copy) throws IOException {
    List<Violation> violations =
        checkEdited(
            copy, table -> price(table, PriceIds.LAMBDA_COMPUTE_ARM64).put("unit", "GB-hour"));

    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("/prices/lambda.compute.arm64/unit"))
        .satisfies(v -> assertThat(v.message()).startsWith("enum"));
  }

  @Test
  void shouldFailWhenTheFirehoseIcebergPriceIsMissing(@TempDir Path copy) throws IOException {
    List<Violation> violations =
        checkEdited(
            copy,
            table ->
                ((ObjectNode) table.get("prices")).remove(PriceIds.FIREHOSE_ICEBERG_INGESTION));

    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("required").contains("firehose"));
  }

  @Test
  void shouldFailWhenTheFileNamesAnotherRegion(@TempDir Path copy) throws IOException {
    List<Violation> violations = checkEdited(copy, table -> table.put("region", EU_WEST_1));

    assertThat(violations)
        .containsExactly(
            new Violation("/region", "the file is named for us-east-1 but declares 'eu-west-1'"));
  }

  @Test
  void shouldRefuseToLoadABrokenTable(@TempDir Path copy) throws IOException {
    checkEdited(copy, table -> price(table, PriceIds.SNS_PUBLISH).remove("source"));
    PriceTables tables = PriceTables.from(ContractSource.directory(copy), FIXED);

    assertThatThrownBy(() -> tables.load(US_EAST_1))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("prices/aws-us-east-1.json")
        .hasMessageContaining("source");
  }

  @Test
  void shouldNameTheKnownRegionsForAnUnknownOne() {
    assertThatThrownBy(() -> repository.load("ap-south-9"))
        .isInstanceOf(UnknownContractException.class)
        .hasMessageContaining("ap-south-9")
        .hasMessageContaining(US_EAST_1);
  }

  /** Copies the contracts' prices, edits the us-east-1 table and checks it as of {@link #TODAY}. */
  private static List<Violation> checkEdited(Path copy, Consumer<ObjectNode> edit)
      throws IOException {
    Files.copy(
        REPOSITORY_CONTRACTS.resolve("topology.json"),
        copy.resolve("topology.json"),
        StandardCopyOption.REPLACE_EXISTING);
    Path prices = Files.createDirectories(copy.resolve(PriceTables.FOLDER));
    try (Stream<Path> files = Files.list(REPOSITORY_CONTRACTS.resolve(PriceTables.FOLDER))) {
      for (Path file : files.toList()) {
        Files.copy(file, prices.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path table = copy.resolve(PriceTables.path(US_EAST_1));
    ObjectNode json = (ObjectNode) Contracts.mapper().readTree(table.toFile());
    edit.accept(json);
    Contracts.mapper().writeValue(table.toFile(), json);
    return PriceTables.from(ContractSource.directory(copy), FIXED).check(US_EAST_1);
  }

  private static ObjectNode price(ObjectNode table, String id) {
    return (ObjectNode) table.get("prices").get(id);
  }

  private static JsonNode schema() {
    return ContractSource.directory(REPOSITORY_CONTRACTS).readJson(PriceTables.SCHEMA);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
