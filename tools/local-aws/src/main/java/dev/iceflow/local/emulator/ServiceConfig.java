package dev.iceflow.local.emulator;

import dev.iceflow.common.aws.AwsSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration a service runs with against the embedded AWS, as Terraform sets it in AWS: the
 * emulator's endpoint and dummy credentials for the quarkus-amazon clients, the local catalog, and
 * the deployment's topic ARNs, bucket names, queue URLs and ledger tables.
 */
public final class ServiceConfig {

  private static final List<String> CLIENTS = List.of("s3", "sns", "sqs", "dynamodb");

  private ServiceConfig() {}

  public static Map<String, String> of(LocalAws aws) {
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
        .forEach((topic, arn) -> config.put("iceflow.topics." + topic, arn));
    aws.provisioned()
        .buckets()
        .forEach((bucket, name) -> config.put("iceflow.buckets." + bucket, name));
    aws.provisioned()
        .ledgers()
        .forEach((ledger, table) -> config.put("iceflow.ledgers." + ledger, table));
    aws.provisioned()
        .queueUrls()
        .forEach((queue, url) -> config.put("iceflow.queues." + queue, url));
    return config;
  }
}
