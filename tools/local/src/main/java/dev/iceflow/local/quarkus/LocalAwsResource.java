package dev.iceflow.local.quarkus;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.SharedLocalAws;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(LocalAwsResource.class)}: boots a service under test against the
 * embedded AWS. Points the quarkus-amazon clients at the emulator with its dummy credentials and
 * configures the deployment's topic ARNs and bucket names, as Terraform does in AWS.
 */
public final class LocalAwsResource implements QuarkusTestResourceLifecycleManager {

  private static final List<String> CLIENTS = List.of("s3", "sns", "sqs");

  @Override
  public Map<String, String> start() {
    LocalAws aws = SharedLocalAws.get();
    Map<String, String> config = new HashMap<>();
    config.put("iceflow.aws.endpoint-override", aws.endpoint().toString());
    config.put("iceflow.aws.path-style-access", "true");
    config.put("iceflow.catalog.type", "jdbc");
    config.put("iceflow.catalog.jdbc-uri", aws.catalogJdbcUri());
    for (String client : CLIENTS) {
      config.put("quarkus.%s.aws.credentials.type".formatted(client), "static");
      config.put(
          "quarkus.%s.aws.credentials.static-provider.access-key-id".formatted(client),
          AwsSettings.EMULATOR_ACCESS_KEY);
      config.put(
          "quarkus.%s.aws.credentials.static-provider.secret-access-key".formatted(client),
          AwsSettings.EMULATOR_SECRET_KEY);
    }
    aws.provisioned()
        .topicArns()
        .forEach((topic, arn) -> config.put("iceflow.topics." + mapKey(topic), arn));
    aws.provisioned()
        .buckets()
        .forEach((bucket, name) -> config.put("iceflow.buckets.%s".formatted(bucket), name));
    return config;
  }

  /** A map key with a dot (commits.fifo) must be quoted in a property name. */
  private static String mapKey(String key) {
    return key.contains(".") ? "\"" + key + "\"" : key;
  }

  @Override
  public void stop() {
    // the shared emulator outlives one service boot; it stops with the JVM
  }
}
