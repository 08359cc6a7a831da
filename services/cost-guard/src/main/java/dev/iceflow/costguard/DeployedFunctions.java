package dev.iceflow.costguard;

import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Topology;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The deployed names of the topology's functions: {@code iceflow.functions.<name>}
 * (ICEFLOW_FUNCTIONS_&lt;NAME&gt;, which Terraform sets for the functions cost-guard controls), and
 * its own from Lambda's AWS_LAMBDA_FUNCTION_NAME. A function a deployment leaves out has none.
 */
final class DeployedFunctions {

  static final String PREFIX = "iceflow.functions.";

  /** Lambda sets it to the function's deployed name in every execution environment. */
  static final String LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

  private DeployedFunctions() {}

  /** Logical name → deployed name, for the functions that have one. */
  static Map<String, String> of(Topology topology, Config config, String self) {
    Map<String, String> names = new LinkedHashMap<>();
    for (FunctionSpec function : topology.functions()) {
      config
          .getOptionalValue(PREFIX + function.name(), String.class)
          .filter(name -> !name.isBlank())
          .ifPresent(name -> names.put(function.name(), name));
    }
    Optional.ofNullable(System.getenv(LAMBDA_FUNCTION_NAME))
        .filter(name -> !name.isBlank())
        .ifPresent(name -> names.putIfAbsent(self, name));
    return names;
  }
}
