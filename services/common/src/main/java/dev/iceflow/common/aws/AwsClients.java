package dev.iceflow.common.aws;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds AWS SDK clients from {@link AwsSettings}. The URL-connection HTTP client keeps Lambda
 * packages small and cold starts short; retries and waiters are the SDK's own.
 */
public final class AwsClients {

  private final AwsSettings settings;

  public AwsClients(AwsSettings settings) {
    this.settings = settings;
  }

  public AwsSettings settings() {
    return settings;
  }

  public SnsClient sns() {
    return configure(SnsClient.builder()).build();
  }

  public SqsClient sqs() {
    return configure(SqsClient.builder()).build();
  }

  public S3Client s3() {
    return configure(S3Client.builder())
        .forcePathStyle(settings.endpointOverride().isPresent())
        .build();
  }

  /** Region, credentials, endpoint and HTTP client for any SDK client builder. */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
    builder
        .region(Region.of(settings.region()))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    settings
        .endpointOverride()
        .ifPresentOrElse(
            endpoint ->
                builder
                    .endpointOverride(endpoint)
                    .credentialsProvider(
                        StaticCredentialsProvider.create(settings.emulatorCredentials().toSdk())),
            () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
    return builder;
  }
}
