package dev.iceflow.local.emulator;

import dev.iceflow.common.aws.EmulatorCredentials;
import dev.iceflow.local.provision.ResourceNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration a service runs with against the embedded AWS, as Terraform sets it in AWS: the
 * emulator's endpoint and the keys the quarkus-amazon clients, the AWS SDK clients and Iceberg's
 * S3FileIO sign with (the operator's, or a function's own under IAM enforcement), the local REST
 * catalog, and the deployment's topic ARNs, bucket names, queue URLs, ledger tables and function
 * names. The Lambda control-plane endpoint is not here: only a running local platform answers it
 * (see FunctionEnvironment).
 */
public final class ServiceConfig {

  private static final List<String> CLIENTS = List.of("s3", "sns", "sqs", "dynamodb");

  /** Prefix of the deployed function names: iceflow.functions.&lt;logical&gt; → deployed name. */
  public static final String FUNCTIONS_PREFIX = "iceflow.functions.";

  private ServiceConfig() {}

  /** As the emulator's operator (in-JVM tests, which run a service without a platform). */
  public static Map<String, String> of(LocalAws aws) {
    return of(aws, EmulatorCredentials.OPERATOR);
  }

  /** Signing every call with {@code credentials}. */
  public static Map<String, String> of(LocalAws aws, EmulatorCredentials credentials) {
    Map<String, String> config = new HashMap<>();
    config.put("iceflow.aws.emulator-access-key-id", credentials.accessKeyId());
    config.put("iceflow.aws.emulator-secret-access-key", credentials.secretAccessKey());
    config.put("iceflow.aws.endpoint-override", aws.endpoint().toString());
    config.put("iceflow.aws.path-style-access", "true");
    config.put("iceflow.aws.cloudwatch-endpoint-override", aws.cloudWatchEndpoint().toString());
    config.put("iceflow.catalog.uri", aws.catalogRestUri().toString());
    for (String client : CLIENTS) {
      config.put("quarkus.%s.aws.credentials.type".formatted(client), "static");
      config.put(
          "quarkus.%s.aws.credentials.static-provider.access-key-id".formatted(client),
          credentials.accessKeyId());
      config.put(
          "quarkus.%s.aws.credentials.static-provider.secret-access-key".formatted(client),
          credentials.secretAccessKey());
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
    ResourceNames names = new ResourceNames(LocalAws.LOCAL_PREFIX);
    aws.contracts()
        .topology()
        .functions()
        .forEach(f -> config.put(FUNCTIONS_PREFIX + f.name(), names.function(f.name())));
    return config;
  }
}
