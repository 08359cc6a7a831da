package dev.iceflow.iceberg;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.common.config.IceflowConfig;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;

/** Opens the catalog a service's configuration names (Glue in AWS, JDBC on SQLite locally). */
public final class CatalogFactory {

  /** Name the catalog is registered under; engines reading the same tables may use any name. */
  public static final String CATALOG_NAME = "iceflow";

  static final String GLUE = "glue";
  static final String JDBC = "jdbc";

  private CatalogFactory() {}

  public static Catalog open(IceflowConfig config, String warehouseBucket) {
    return CatalogProperties.load(CATALOG_NAME, properties(config, warehouseBucket));
  }

  static Map<String, String> properties(IceflowConfig config, String warehouseBucket) {
    String type = config.catalog().type();
    if (GLUE.equals(type)) {
      return CatalogProperties.glue(warehouseBucket);
    }
    if (JDBC.equals(type)) {
      String uri =
          config
              .catalog()
              .jdbcUri()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "iceflow.catalog.type=jdbc needs iceflow.catalog.jdbc-uri"));
      AwsSettings aws = AwsSettings.from(config.aws());
      return CatalogProperties.local(
          uri,
          warehouseBucket,
          aws.endpointOverride()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the local catalog needs iceflow.aws.endpoint-override")),
          aws.region(),
          aws.emulatorCredentials().accessKeyId(),
          aws.emulatorCredentials().secretAccessKey());
    }
    throw new IllegalStateException(
        "iceflow.catalog.type must be glue or jdbc, not '%s'".formatted(type));
  }
}
