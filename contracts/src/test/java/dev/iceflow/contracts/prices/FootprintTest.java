package dev.iceflow.contracts.prices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The footprint in every price table is what Terraform deploys, so the fixed monthly cost a report
 * derives from it follows a change to the network, pipeline or kms module. The pipeline derives the
 * interface endpoints from what the topology's functions call (its local.calls_service); the same
 * rule here gives the footprint of the default deployment.
 */
class FootprintTest {

  private static final Path REPOSITORY_CONTRACTS = Path.of("").toAbsolutePath();
  private static final Path MODULES = REPOSITORY_CONTRACTS.resolveSibling("terraform/modules");

  @Test
  void footprintMatchesTheTerraformModules() throws IOException {
    String networkVariables = Files.readString(MODULES.resolve("network/variables.tf"));
    String pipelineMain = Files.readString(MODULES.resolve("pipeline/main.tf"));
    Topology topology = Contracts.from(ContractSource.directory(REPOSITORY_CONTRACTS)).topology();
    List<String> called = calledServices(topology);
    assertThat(callsServiceKeys(pipelineMain))
        .as("the services the pipeline's calls_service knows")
        .containsAll(called);
    String networkMain = Files.readString(MODULES.resolve("network/main.tf"));
    String kmsMain = Files.readString(MODULES.resolve("kms/main.tf"));
    PriceTables tables =
        PriceTables.from(ContractSource.directory(REPOSITORY_CONTRACTS), Clock.systemUTC());

    for (String region : tables.regions()) {
      NetworkFootprint footprint = tables.load(region).footprint();

      assertThat(footprint.interfaceEndpoints()).as(region).containsExactlyElementsOf(called);
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

  /** As the pipeline's calls_service decides, for a deployment of every function and no ADOT. */
  private static List<String> calledServices(Topology topology) {
    List<FunctionSpec> functions = topology.functions();
    Map<String, Boolean> calls = new TreeMap<>();
    calls.put("sqs", !functions.isEmpty());
    calls.put("sns", functions.stream().anyMatch(f -> !f.publishesTo().isEmpty()));
    calls.put("glue", functions.stream().anyMatch(f -> f.writesBuckets().contains("warehouse")));
    calls.put("lambda", functions.stream().anyMatch(f -> !f.controlsFunctions().isEmpty()));
    calls.put("monitoring", functions.stream().anyMatch(FunctionSpec::isMetricsReader));
    return calls.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
  }

  /** The keys of the pipeline's {@code calls_service = { ... }} map. */
  private static List<String> callsServiceKeys(String pipelineMain) {
    Matcher block =
        Pattern.compile("calls_service = \\{(.*?)\\n  }", Pattern.DOTALL).matcher(pipelineMain);
    assertThat(block.find()).as("calls_service in the pipeline module").isTrue();
    Matcher key = Pattern.compile("(?m)^\\s+([a-z]+)\\s+=").matcher(block.group(1));
    List<String> keys = new java.util.ArrayList<>();
    while (key.find()) {
      keys.add(key.group(1));
    }
    return keys;
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
