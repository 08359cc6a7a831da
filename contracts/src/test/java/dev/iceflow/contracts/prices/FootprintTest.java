package dev.iceflow.contracts.prices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.ContractSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The footprint in every price table is what Terraform deploys, so the fixed monthly cost a report
 * derives from it follows a change to the network or kms module.
 */
class FootprintTest {

  private static final Path REPOSITORY_CONTRACTS = Path.of("").toAbsolutePath();
  private static final Path MODULES = REPOSITORY_CONTRACTS.resolveSibling("terraform/modules");

  @Test
  void footprintMatchesTheTerraformModules() throws IOException {
    String networkVariables = Files.readString(MODULES.resolve("network/variables.tf"));
    String networkMain = Files.readString(MODULES.resolve("network/main.tf"));
    String kmsMain = Files.readString(MODULES.resolve("kms/main.tf"));
    PriceTables tables =
        PriceTables.from(ContractSource.directory(REPOSITORY_CONTRACTS), Clock.systemUTC());

    for (String region : tables.regions()) {
      NetworkFootprint footprint = tables.load(region).footprint();

      assertThat(footprint.interfaceEndpoints())
          .as(region)
          .containsExactlyElementsOf(defaultList(networkVariables, "interface_endpoints"));
      assertThat(footprint.gatewayEndpoints())
          .as(region)
          .containsExactlyElementsOf(defaultList(networkVariables, "gateway_endpoints"));
      assertThat(footprint.natGateways())
          .as(region)
          .isEqualTo(count(networkMain, "resource \"aws_nat_gateway\""));
      assertThat(footprint.kmsKeys())
          .as(region)
          .isEqualTo(count(kmsMain, "resource \"aws_kms_key\""));
    }
  }

  /** The default of a {@code list(string)} variable, e.g. {@code default = ["s3", "dynamodb"]}. */
  private static List<String> defaultList(String variables, String name) {
    Matcher matcher =
        Pattern.compile(
                "variable \"" + name + "\" \\{.*?default\\s*=\\s*\\[([^\\]]*)\\]", Pattern.DOTALL)
            .matcher(variables);
    assertThat(matcher.find()).as("default of variable %s", name).isTrue();
    return Arrays.stream(matcher.group(1).split(","))
        .map(s -> s.strip().replace("\"", ""))
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }
}
