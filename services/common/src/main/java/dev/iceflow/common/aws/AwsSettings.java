package dev.iceflow.common.aws;

import java.net.URI;
import java.util.Optional;

/**
 * Where AWS clients connect. With an endpoint override (an emulator), {@code emulatorCredentials}
 * sign the calls and S3 is addressed path-style; without one, the default credential chain and
 * endpoints.
 */
public record AwsSettings(
    String region, Optional<URI> endpointOverride, EmulatorCredentials emulatorCredentials) {

  /** The emulator operator's key (an administrator there); never used against AWS. */
  public static final String EMULATOR_ACCESS_KEY = "test";

  /** Secret of {@link #EMULATOR_ACCESS_KEY}. */
  public static final String EMULATOR_SECRET_KEY = "test";

  public static AwsSettings aws(String region) {
    return new AwsSettings(region, Optional.empty(), EmulatorCredentials.OPERATOR);
  }

  /** The emulator at {@code endpoint}, as its operator. */
  public static AwsSettings emulator(String region, URI endpoint) {
    return new AwsSettings(region, Optional.of(endpoint), EmulatorCredentials.OPERATOR);
  }

  /**
   * As configured: in AWS the endpoints and credential chain; against an emulator the keys the
   * platform gave the function (iceflow.aws.emulator-access-key-id), else the operator's.
   */
  public static AwsSettings from(dev.iceflow.common.config.IceflowConfig.Aws config) {
    EmulatorCredentials credentials =
        config
            .emulatorAccessKeyId()
            .map(
                key ->
                    new EmulatorCredentials(
                        key,
                        config
                            .emulatorSecretAccessKey()
                            .orElseThrow(
                                () ->
                                    new IllegalStateException(
                                        "iceflow.aws.emulator-access-key-id needs"
                                            + " iceflow.aws.emulator-secret-access-key"))))
            .orElse(EmulatorCredentials.OPERATOR);
    return new AwsSettings(config.region(), config.endpointOverride(), credentials);
  }
}
