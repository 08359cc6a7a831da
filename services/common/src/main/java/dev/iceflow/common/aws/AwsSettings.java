package dev.iceflow.common.aws;

import java.net.URI;
import java.util.Optional;

/**
 * Where AWS clients connect. With an endpoint override (an emulator), static dummy credentials are
 * used and S3 is addressed path-style; without one, the default credential chain and endpoints.
 */
public record AwsSettings(String region, Optional<URI> endpointOverride) {

  /** Credentials an emulator accepts; never used against AWS. */
  public static final String EMULATOR_ACCESS_KEY = "test";

  /** Secret of {@link #EMULATOR_ACCESS_KEY}. */
  public static final String EMULATOR_SECRET_KEY = "test";

  public static AwsSettings aws(String region) {
    return new AwsSettings(region, Optional.empty());
  }

  public static AwsSettings emulator(String region, URI endpoint) {
    return new AwsSettings(region, Optional.of(endpoint));
  }

  public static AwsSettings from(dev.iceflow.common.config.IceflowConfig.Aws config) {
    return new AwsSettings(config.region(), config.endpointOverride());
  }
}
