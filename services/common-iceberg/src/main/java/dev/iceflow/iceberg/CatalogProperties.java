package dev.iceflow.iceberg;

import dev.iceflow.common.aws.EmulatorCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.AwsProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.auth.AuthProperties;

/**
 * Iceberg catalog configurations, as Iceberg's own catalog properties (the same keys Spark, Trino
 * and PyIceberg take).
 *
 * <ul>
 *   <li>The functions: Iceberg's REST catalog client, signing every request with SigV4. In AWS it
 *       talks to AWS Glue's Iceberg REST endpoint, whose commits check the table's version, so
 *       concurrent commits fail cleanly instead of overwriting each other; locally to the
 *       platform's REST catalog server over the JDBC catalog below.
 *   <li>Tools and the local REST server: a JdbcCatalog on an embedded SQLite file (the caller
 *       brings the SQLite driver). moto's Glue ignores VersionId (last writer wins), so it would
 *       lose a commit when commit and compaction race; JdbcCatalog commits with {@code UPDATE ...
 *       WHERE metadata_location = <expected>}, atomic in SQLite.
 * </ul>
 *
 * Data files go through S3FileIO either way.
 */
public final class CatalogProperties {

  /** Iceberg's JDBC catalog. */
  public static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";

  /** Iceberg's REST catalog client. */
  public static final String REST_CATALOG = "org.apache.iceberg.rest.RESTCatalog";

  /**
   * The SigV4 signing name of AWS Glue's Iceberg REST endpoint.
   * https://docs.aws.amazon.com/glue/latest/dg/connect-glu-iceberg-rest.html
   */
  public static final String GLUE_SIGNING_NAME = "glue";

  private static final String SQLITE_URI_PREFIX = "jdbc:sqlite:";

  /** JdbcCatalog schema with view support. */
  private static final String JDBC_SCHEMA_VERSION = "V1";

  /** SQLite waits this long for a lock held by a concurrent committer before failing. */
  private static final String SQLITE_BUSY_TIMEOUT_MS = "30000";

  /**
   * RESTCatalog posts a metrics report after every scan and commit; nobody reads them, and each is
   * one more request to the catalog on the commit path.
   */
  private static final String REST_METRICS_REPORTING_ENABLED = "rest-metrics-reporting-enabled";

  private CatalogProperties() {}

  /** AWS Glue's Iceberg REST endpoint in {@code region} (commercial partition). */
  public static URI glueRestEndpoint(String region) {
    return URI.create("https://glue." + region + ".amazonaws.com/iceberg");
  }

  /**
   * The REST catalog at AWS Glue's Iceberg REST endpoint {@code uri}, signing with the default
   * credential chain. {@code catalogId} is the Glue catalog (the account id); absent, Glue serves
   * the caller's account's catalog. Data files get the warehouse bucket's default encryption
   * (SSE-KMS with the data key, set by Terraform), so S3FileIO needs no key of its own.
   * https://docs.aws.amazon.com/glue/latest/dg/iceberg-rest-apis.html
   */
  public static Map<String, String> glueRest(URI uri, Optional<String> catalogId, String region) {
    Map<String, String> props = restClient(uri, region);
    catalogId.ifPresent(
        id -> props.put(org.apache.iceberg.CatalogProperties.WAREHOUSE_LOCATION, id));
    return props;
  }

  /**
   * The REST catalog at {@code uri} on this machine (the local platform's REST catalog server),
   * signing as Glue's endpoint requires with {@code credentials}, data files in the emulator's S3.
   */
  public static Map<String, String> emulatedRest(
      URI uri, String region, URI s3Endpoint, EmulatorCredentials credentials) {
    Map<String, String> props = restClient(uri, region);
    props.put(AwsProperties.REST_ACCESS_KEY_ID, credentials.accessKeyId());
    props.put(AwsProperties.REST_SECRET_ACCESS_KEY, credentials.secretAccessKey());
    emulatorS3(props, s3Endpoint, region, credentials);
    return props;
  }

  /** The JDBC URL of a SQLite catalog file. */
  public static String sqliteUri(Path sqliteFile) {
    return SQLITE_URI_PREFIX + sqliteFile.toAbsolutePath();
  }

  /** The JdbcCatalog on the SQLite file {@code jdbcUri}, data in the emulator's S3. */
  public static Map<String, String> local(
      String jdbcUri,
      String warehouseBucket,
      URI s3Endpoint,
      String region,
      String accessKey,
      String secretKey) {
    Map<String, String> props = s3FileIo();
    props.put(
        org.apache.iceberg.CatalogProperties.WAREHOUSE_LOCATION, "s3://" + warehouseBucket + "/");
    props.put(org.apache.iceberg.CatalogProperties.CATALOG_IMPL, JDBC_CATALOG);
    props.put(org.apache.iceberg.CatalogProperties.URI, jdbcUri);
    props.put("jdbc.schema-version", JDBC_SCHEMA_VERSION);
    props.put("jdbc.busy_timeout", SQLITE_BUSY_TIMEOUT_MS);
    // write-ahead log: a reader's open transaction (another process's catalog) never blocks a
    // commit
    props.put("jdbc.journal_mode", "WAL");
    emulatorS3(props, s3Endpoint, region, new EmulatorCredentials(accessKey, secretKey));
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

  /** RESTCatalog at {@code uri}, SigV4-signed for Glue in {@code region}, data through S3FileIO. */
  private static Map<String, String> restClient(URI uri, String region) {
    Map<String, String> props = s3FileIo();
    props.put(org.apache.iceberg.CatalogProperties.CATALOG_IMPL, REST_CATALOG);
    props.put(org.apache.iceberg.CatalogProperties.URI, uri.toString());
    props.put(AuthProperties.AUTH_TYPE, AuthProperties.AUTH_TYPE_SIGV4);
    props.put(AwsProperties.REST_SIGNING_NAME, GLUE_SIGNING_NAME);
    props.put(AwsProperties.REST_SIGNER_REGION, region);
    // SigV4 alone: no OAuth2 session (the default delegate) beneath it
    props.put(AuthProperties.SIGV4_DELEGATE_AUTH_TYPE, AuthProperties.AUTH_TYPE_NONE);
    props.put(REST_METRICS_REPORTING_ENABLED, "false");
    return props;
  }

  private static void emulatorS3(
      Map<String, String> props, URI s3Endpoint, String region, EmulatorCredentials credentials) {
    props.put(S3FileIOProperties.ENDPOINT, s3Endpoint.toString());
    props.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
    props.put(S3FileIOProperties.ACCESS_KEY_ID, credentials.accessKeyId());
    props.put(S3FileIOProperties.SECRET_ACCESS_KEY, credentials.secretAccessKey());
    props.put(AwsClientProperties.CLIENT_REGION, region);
  }

  private static Map<String, String> s3FileIo() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(
        org.apache.iceberg.CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    // the URL-connection client: no Apache HTTP client in the Lambda package
    props.put(HttpClientProperties.CLIENT_TYPE, HttpClientProperties.CLIENT_TYPE_URLCONNECTION);
    return props;
  }
}
