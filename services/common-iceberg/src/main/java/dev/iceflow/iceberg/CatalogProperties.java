package dev.iceflow.iceberg;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg catalog configurations, as Iceberg's own catalog properties (the same keys Spark, Trino
 * and PyIceberg take).
 *
 * <ul>
 *   <li>AWS: the Glue Data Catalog. Glue's UpdateTable checks the table's VersionId, so concurrent
 *       commits fail cleanly instead of overwriting each other.
 *   <li>Local: a JdbcCatalog on an embedded SQLite file. moto's Glue ignores VersionId (last writer
 *       wins), so it would lose a commit when commit and compaction race; JdbcCatalog commits with
 *       {@code UPDATE ... WHERE metadata_location = <expected>}, atomic in SQLite.
 * </ul>
 *
 * Data files go through S3FileIO either way.
 */
public final class CatalogProperties {

  /** Iceberg's JDBC catalog. */
  public static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";

  /** Iceberg's Glue catalog. */
  public static final String GLUE_CATALOG = "org.apache.iceberg.aws.glue.GlueCatalog";

  private static final String SQLITE_URI_PREFIX = "jdbc:sqlite:";

  /** JdbcCatalog schema with view support. */
  private static final String JDBC_SCHEMA_VERSION = "V1";

  /** SQLite waits this long for a lock held by a concurrent committer before failing. */
  private static final String SQLITE_BUSY_TIMEOUT_MS = "30000";

  private CatalogProperties() {}

  /**
   * The Glue catalog. Data files get the warehouse bucket's default encryption (SSE-KMS with the
   * data key, set by Terraform), so S3FileIO needs no key of its own.
   */
  public static Map<String, String> glue(String warehouseBucket) {
    Map<String, String> props = s3FileIo(warehouseBucket);
    props.put(org.apache.iceberg.CatalogProperties.CATALOG_IMPL, GLUE_CATALOG);
    return props;
  }

  /** The JDBC URL of a SQLite catalog file. */
  public static String sqliteUri(Path sqliteFile) {
    return SQLITE_URI_PREFIX + sqliteFile.toAbsolutePath();
  }

  public static Map<String, String> local(
      String jdbcUri,
      String warehouseBucket,
      URI s3Endpoint,
      String region,
      String accessKey,
      String secretKey) {
    Map<String, String> props = s3FileIo(warehouseBucket);
    props.put(org.apache.iceberg.CatalogProperties.CATALOG_IMPL, JDBC_CATALOG);
    props.put(org.apache.iceberg.CatalogProperties.URI, jdbcUri);
    props.put("jdbc.schema-version", JDBC_SCHEMA_VERSION);
    props.put("jdbc.busy_timeout", SQLITE_BUSY_TIMEOUT_MS);
    // write-ahead log: a reader's open transaction (another process's catalog) never blocks a
    // commit
    props.put("jdbc.journal_mode", "WAL");
    props.put(S3FileIOProperties.ENDPOINT, s3Endpoint.toString());
    props.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
    props.put(S3FileIOProperties.ACCESS_KEY_ID, accessKey);
    props.put(S3FileIOProperties.SECRET_ACCESS_KEY, secretKey);
    props.put(AwsClientProperties.CLIENT_REGION, region);
    return props;
  }

  public static org.apache.iceberg.catalog.Catalog load(
      String name, Map<String, String> properties) {
    String uri = properties.getOrDefault(org.apache.iceberg.CatalogProperties.URI, "");
    if (JDBC_CATALOG.equals(properties.get(org.apache.iceberg.CatalogProperties.CATALOG_IMPL))
        && uri.startsWith(SQLITE_URI_PREFIX)) {
      // see ConnectionPerCallPool for why SQLite gets a connection per call
      JdbcCatalog catalog =
          new JdbcCatalog(null, props -> new ConnectionPerCallPool(uri, props), true);
      catalog.initialize(name, properties);
      return catalog;
    }
    return CatalogUtil.buildIcebergCatalog(name, properties, null);
  }

  private static Map<String, String> s3FileIo(String warehouseBucket) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(
        org.apache.iceberg.CatalogProperties.WAREHOUSE_LOCATION, "s3://" + warehouseBucket + "/");
    props.put(
        org.apache.iceberg.CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    // the URL-connection client: no Apache HTTP client in the Lambda package
    props.put(HttpClientProperties.CLIENT_TYPE, HttpClientProperties.CLIENT_TYPE_URLCONNECTION);
    return props;
  }
}
