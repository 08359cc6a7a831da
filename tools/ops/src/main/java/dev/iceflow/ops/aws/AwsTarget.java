package dev.iceflow.ops.aws;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Where an ops command connects (a picocli mixin): an AWS account through a profile or the default
 * credential chain, or the local platform through its endpoint.
 */
public final class AwsTarget {

  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * Credentials the embedded AWS accepts (the platform's own clients use the same); used only with
   * an endpoint and no profile, so never sent to AWS by default.
   */
  static final String EMULATOR_ACCESS_KEY = "test";

  static final String EMULATOR_SECRET_KEY = "test";

  @Option(
      names = "--region",
      paramLabel = "REGION",
      defaultValue = "${env:AWS_REGION:-${env:AWS_DEFAULT_REGION:-" + DEFAULT_REGION + "}}",
      description =
          "AWS region of the deployment and of its price table (default: $AWS_REGION, else"
              + " $AWS_DEFAULT_REGION, else "
              + DEFAULT_REGION
              + ").")
  String region;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      defaultValue = "${env:AWS_ENDPOINT_URL}",
      description =
          "Endpoint of the local platform (e.g. http://localhost:4566; default:"
              + " $AWS_ENDPOINT_URL, as the AWS CLI). Without --profile, the emulator's dummy"
              + " credentials are used.")
  URI endpoint;

  @Option(
      names = "--profile",
      paramLabel = "PROFILE",
      defaultValue = "${env:AWS_PROFILE}",
      description =
          "Named profile of the AWS config files (default: $AWS_PROFILE); without it, the"
              + " default credential chain.")
  String profile;

  public String region() {
    return region;
  }

  /** The local platform's endpoint, when one was given. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** The named profile, when one was given. */
  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  /**
   * True against the local platform (an endpoint override): the emulator lacks some AWS APIs (SQS
   * StartMessageMoveTask) and names buckets without the account id.
   */
  public boolean local() {
    return endpoint != null;
  }

  /**
   * Region, credentials, endpoint and the URL-connection HTTP client for any SDK client builder.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
    builder
        .region(Region.of(region))
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  private AwsCredentialsProvider credentials() {
    if (profile != null) {
      return ProfileCredentialsProvider.builder().profileName(profile).build();
    }
    if (endpoint != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
