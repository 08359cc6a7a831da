package dev.iceflow.iceberg;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.common.config.IceflowConfig;
import java.net.URI;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;

/**
 * Opens the catalog a service's configuration names: Iceberg's REST catalog, at AWS Glue's Iceberg
 * REST endpoint in AWS, at the local platform's REST catalog server against an emulator.
 */
public final class CatalogFactory {

  /** Name the catalog is registered under; engines reading the same tables may use any name. */
  public static final String CATALOG_NAME = "iceflow";

  private CatalogFactory() {}

  public static Catalog open(IceflowConfig config) {
    return CatalogProperties.load(CATALOG_NAME, properties(config));
  }

  static Map<String, String> properties(IceflowConfig config) {
    AwsSettings aws = AwsSettings.from(config.aws());
    URI uri =
        config.catalog().uri().orElseGet(() -> CatalogProperties.glueRestEndpoint(aws.region()));
    return aws.endpointOverride()
        .map(
            emulator ->
                CatalogProperties.emulatedRest(
                    uri, aws.region(), emulator, aws.emulatorCredentials()))
        .orElseGet(
            () -> CatalogProperties.glueRest(uri, config.catalog().warehouse(), aws.region()));
  }
}
