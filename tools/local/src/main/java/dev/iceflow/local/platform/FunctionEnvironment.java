package dev.iceflow.local.platform;

import dev.iceflow.common.aws.EmulatorCredentials;
import dev.iceflow.common.tracing.TraceFiles;
import dev.iceflow.common.tracing.TracingSettings;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment variables a function runs with, as Terraform sets them in AWS (plus, locally, the
 * emulator endpoint, the keys of the function's own IAM user, which carry exactly its generated
 * policy as its role does in AWS, and the local REST catalog): ICEFLOW_TOPICS_&lt;TOPIC&gt;,
 * ICEFLOW_BUCKETS_&lt;BUCKET&gt;, ICEFLOW_QUEUES_&lt;QUEUE&gt; and
 * ICEFLOW_FUNCTIONS_&lt;FUNCTION&gt; name the deployment's resources,
 * ICEFLOW_AWS_LAMBDA_ENDPOINT_OVERRIDE is where the platform answers the Lambda control plane,
 * ICEFLOW_TRACES_FILE where the function appends its spans (in the run folder, where AWS has the
 * collector layer and X-Ray), the rest is Lambda's own.
 */
public final class FunctionEnvironment {

  /**
   * Where the Lambda control plane is, when it is not the emulator (IceflowConfig.aws()
   * .lambdaEndpointOverride()): the local platform's own Lambda API.
   */
  public static final String LAMBDA_ENDPOINT_OVERRIDE = "iceflow.aws.lambda-endpoint-override";

  private FunctionEnvironment() {}

  /**
   * What {@code function} runs with on a platform whose Lambda API answers at {@code
   * lambdaEndpoint}, then the platform options' additions for it.
   */
  public static Map<String, String> of(
      LocalAws aws, FunctionSpec function, URI lambdaEndpoint, Map<String, String> additions) {
    Map<String, String> env = of(aws, function);
    env.put(envName(LAMBDA_ENDPOINT_OVERRIDE), lambdaEndpoint.toString());
    env.putAll(additions);
    return env;
  }

  /**
   * What {@code function} runs with outside a platform (a lone instance in tests): no Lambda
   * control plane to point it at.
   */
  public static Map<String, String> of(LocalAws aws, FunctionSpec function) {
    EmulatorCredentials credentials = aws.functionCredentials(function.name());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", LocalAws.REGION);
    env.put("AWS_DEFAULT_REGION", LocalAws.REGION);
    env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put(
        TracingSettings.TRACES_FILE,
        TraceFiles.of(aws.runDirectory(), function.name()).toAbsolutePath().toString());
    // the same settings the in-JVM tests give a service, spelled as environment variables
    new TreeMap<>(ServiceConfig.of(aws, credentials))
        .forEach((key, value) -> env.put(envName(key), value));
    return env;
  }

  /**
   * A property or logical name as an environment variable (iceflow.topics.cost-guard →
   * ICEFLOW_TOPICS_COST_GUARD): MicroProfile Config's rule, which application.properties relies on.
   */
  static String envName(String logical) {
    return logical.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
