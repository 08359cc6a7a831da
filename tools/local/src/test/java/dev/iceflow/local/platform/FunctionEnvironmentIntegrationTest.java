package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A function's environment names every function of the topology by its deployed name
 * (ICEFLOW_FUNCTIONS_&lt;NAME&gt;, IceflowConfig.functions()) and, on a platform, the platform's
 * Lambda API (ICEFLOW_AWS_LAMBDA_ENDPOINT_OVERRIDE), so cost-guard's LambdaClient reaches the local
 * event source mappings unchanged.
 */
@WithLocalAws
class FunctionEnvironmentIntegrationTest {

  private static final String LAMBDA_ENDPOINT = "ICEFLOW_AWS_LAMBDA_ENDPOINT_OVERRIDE";

  @Test
  void namesEveryFunctionOfTheTopologyByItsDeployedName(LocalAws aws) {
    FunctionSpec costGuard = aws.contracts().topology().function("cost-guard").orElseThrow();
    Map<String, String> env =
        FunctionEnvironment.of(aws, costGuard, URI.create("http://127.0.0.1:9001"), Map.of());

    assertThat(env)
        .containsEntry("ICEFLOW_FUNCTIONS_VALIDATION", "iceflow-local-validation")
        .containsEntry("ICEFLOW_FUNCTIONS_ENRICHMENT", "iceflow-local-enrichment")
        .containsEntry("ICEFLOW_FUNCTIONS_COMMIT", "iceflow-local-commit")
        .containsEntry("ICEFLOW_FUNCTIONS_COMPACTION", "iceflow-local-compaction")
        .containsEntry("ICEFLOW_FUNCTIONS_COST_GUARD", "iceflow-local-cost-guard")
        .containsEntry(LAMBDA_ENDPOINT, "http://127.0.0.1:9001");
    assertThat(env.keySet().stream().filter(k -> k.startsWith("ICEFLOW_FUNCTIONS_")))
        .as("one per function of the topology")
        .hasSize(aws.contracts().topology().functions().size());
  }

  @Test
  void theInJvmServiceConfigNamesTheFunctionsButNoLambdaEndpoint(LocalAws aws) {
    Map<String, String> config = ServiceConfig.of(aws);
    for (FunctionSpec function : aws.contracts().topology().functions()) {
      assertThat(config)
          .containsEntry(
              "iceflow.functions." + function.name(),
              LocalFunctionNames.deployedName(function.name()));
    }
    assertThat(config).doesNotContainKey(FunctionEnvironment.LAMBDA_ENDPOINT_OVERRIDE);
    FunctionSpec validation = aws.contracts().topology().function("validation").orElseThrow();
    assertThat(FunctionEnvironment.of(aws, validation))
        .as("a lone function, without a platform")
        .doesNotContainKey(LAMBDA_ENDPOINT)
        .containsEntry("ICEFLOW_FUNCTIONS_COST_GUARD", "iceflow-local-cost-guard");
  }

  /** What the running process got, read from /proc: the platform's own endpoint, not a guess. */
  @Test
  void theRunningFunctionGetsThePlatformsLambdaEndpoint(LocalAws aws) throws Exception {
    try (LocalPlatform platform =
        LocalPlatform.start(aws, ProjectLayout.discover(), List.of("validation"))) {
      long pid = platform.instances("validation").get(0).pid();
      Map<String, String> env = processEnvironment(pid);
      assertThat(env)
          .containsEntry(LAMBDA_ENDPOINT, platform.lambdaEndpoint().toString())
          .containsEntry("ICEFLOW_FUNCTIONS_ENRICHMENT", "iceflow-local-enrichment");
    }
  }

  private static Map<String, String> processEnvironment(long pid) throws Exception {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    Map<String, String> env = new HashMap<>();
    for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }
}
