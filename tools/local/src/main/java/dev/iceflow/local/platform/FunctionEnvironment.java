package dev.iceflow.local.platform;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment variables a function runs with, as Terraform sets them in AWS (plus, locally, the
 * emulator endpoint, its dummy credentials and the SQLite catalog): ICEFLOW_TOPICS_&lt;TOPIC&gt;,
 * ICEFLOW_BUCKETS_&lt;BUCKET&gt; and ICEFLOW_QUEUES_&lt;QUEUE&gt; name the deployment's resources,
 * the rest is Lambda's own.
 */
public final class FunctionEnvironment {

  private FunctionEnvironment() {}

  /** What {@code function} runs with, then the platform options' additions for it. */
  public static Map<String, String> of(
      LocalAws aws, FunctionSpec function, Map<String, String> additions) {
    Map<String, String> env = of(aws, function);
    env.putAll(additions);
    return env;
  }

  public static Map<String, String> of(LocalAws aws, FunctionSpec function) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", LocalAws.REGION);
    env.put("AWS_DEFAULT_REGION", LocalAws.REGION);
    env.put("AWS_ACCESS_KEY_ID", AwsSettings.EMULATOR_ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", AwsSettings.EMULATOR_SECRET_KEY);
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    // the same settings the in-JVM tests give a service, spelled as environment variables
    new TreeMap<>(ServiceConfig.of(aws)).forEach((key, value) -> env.put(envName(key), value));
    return env;
  }

  /**
   * A property or logical name as an environment variable (iceflow.topics.cost-guard →
   * ICEFLOW_TOPICS_COST_GUARD): MicroProfile Config's rule, which application.properties relies on.
   */
  private static String envName(String logical) {
    return logical.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
