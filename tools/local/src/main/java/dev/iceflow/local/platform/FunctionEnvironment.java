package dev.iceflow.local.platform;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.emulator.LocalAws;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment variables a function runs with, as Terraform sets them in AWS (plus, locally, the
 * emulator endpoint, its dummy credentials and the SQLite catalog): ICEFLOW_TOPICS_&lt;TOPIC&gt;
 * and ICEFLOW_BUCKETS_&lt;BUCKET&gt; name the deployment's resources, the rest is Lambda's own.
 */
public final class FunctionEnvironment {

  private static final String[] CLIENTS = {"S3", "SNS", "SQS"};

  private FunctionEnvironment() {}

  public static Map<String, String> of(LocalAws aws, FunctionSpec function) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", LocalAws.REGION);
    env.put("AWS_DEFAULT_REGION", LocalAws.REGION);
    env.put("AWS_ACCESS_KEY_ID", AwsSettings.EMULATOR_ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", AwsSettings.EMULATOR_SECRET_KEY);
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("ICEFLOW_AWS_ENDPOINT_OVERRIDE", aws.endpoint().toString());
    env.put("ICEFLOW_AWS_PATH_STYLE_ACCESS", "true");
    env.put("ICEFLOW_CATALOG_TYPE", "jdbc");
    env.put("ICEFLOW_CATALOG_JDBC_URI", aws.catalogJdbcUri());
    for (String client : CLIENTS) {
      env.put("QUARKUS_%s_AWS_CREDENTIALS_TYPE".formatted(client), "static");
      env.put(
          "QUARKUS_%s_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID".formatted(client),
          AwsSettings.EMULATOR_ACCESS_KEY);
      env.put(
          "QUARKUS_%s_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY".formatted(client),
          AwsSettings.EMULATOR_SECRET_KEY);
    }
    aws.provisioned()
        .topicArns()
        .forEach((topic, arn) -> env.put("ICEFLOW_TOPICS_" + envName(topic), arn));
    aws.provisioned()
        .buckets()
        .forEach((bucket, name) -> env.put("ICEFLOW_BUCKETS_" + envName(bucket), name));
    return env;
  }

  /**
   * Logical name → environment variable suffix (cost-guard → COST_GUARD), as application.properties
   * reads it.
   */
  public static String envName(String logical) {
    return logical.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
