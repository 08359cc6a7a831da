package dev.iceflow.contracts.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.FunctionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The policy files Terraform attaches are the ones the topology generates today.
 * bin/generate-policies runs this test with {@value #REGENERATE} set, which writes them instead of
 * comparing.
 */
class GeneratedPolicyFilesTest {

  static final String REGENERATE = "iceflow.regenerate-policies";

  /** Tests run with contracts/ as working folder. */
  private static final Path POLICIES =
      Path.of("..", "terraform", "modules", "lambda-service", "policies")
          .toAbsolutePath()
          .normalize();

  private final FunctionPolicies policies =
      FunctionPolicies.of(Contracts.from(ContractSource.directory(Path.of("").toAbsolutePath())));

  @Test
  void everyFunctionsPolicyFileIsWhatItsTopologyEntryGenerates() throws IOException {
    boolean regenerate = Boolean.getBoolean(REGENERATE);
    Files.createDirectories(POLICIES);
    for (FunctionSpec function : policies.topology().functions()) {
      Path file = POLICIES.resolve(function.name() + ".json");
      String generated = policies.of(function).toJson();
      if (regenerate) {
        Files.writeString(file, generated);
      }
      assertThat(file)
          .as("%s is stale: run bin/generate-policies and commit the result", file)
          .exists()
          .content()
          .isEqualTo(generated);
    }
  }

  @Test
  void thereIsNoPolicyFileForAFunctionTheTopologyDoesNotHave() throws IOException {
    Set<String> expected =
        policies.topology().functions().stream()
            .map(f -> f.name() + ".json")
            .collect(Collectors.toCollection(TreeSet::new));
    try (Stream<Path> files = Files.list(POLICIES)) {
      Set<String> present =
          files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      if (Boolean.getBoolean(REGENERATE)) {
        for (String stale : present) {
          if (!expected.contains(stale)) {
            Files.delete(POLICIES.resolve(stale));
          }
        }
        return;
      }
      assertThat(present).as("files in %s", POLICIES).isEqualTo(expected);
    }
  }
}
