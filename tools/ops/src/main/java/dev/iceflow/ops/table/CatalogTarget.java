package dev.iceflow.ops.table;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.iceberg.CatalogFactory;
import dev.iceflow.iceberg.CatalogProperties;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.LocalRun;
import dev.iceflow.ops.aws.LocalRuns;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which Iceberg catalog a command reads (a picocli mixin), opened with the properties the services
 * use (common-iceberg's CatalogProperties): the Glue Data Catalog through its Iceberg REST endpoint
 * in AWS; with --endpoint-url, the local platform's JdbcCatalog on its SQLite file directly, by
 * default the run folder's (see LocalRun).
 */
public final class CatalogTarget {

  /** The local platform's deployment prefix (tools/local-aws's LocalAws.LOCAL_PREFIX). */
  static final String LOCAL_PREFIX = "iceflow-local";

  private static final String SQLITE_URI_PREFIX = "jdbc:sqlite:";

  @Option(
      names = "--catalog-uri",
      paramLabel = "JDBC_URI",
      description =
          "The local platform's catalog (jdbc:sqlite:<run folder>/catalog.db, which bin/demo"
              + " prints; default with --endpoint-url: the run folder's, see --run-dir).")
  String catalogUri;

  @Mixin LocalRun run;

  @Option(
      names = "--warehouse",
      paramLabel = "BUCKET",
      description =
          "The local warehouse bucket (default: <prefix>-warehouse); unused in AWS, where the"
              + " catalog holds each table's location.")
  String warehouse;

  /** Opens the catalog; the caller closes it when it is Closeable (the JDBC one is). */
  public Catalog open(AwsTarget aws, Optional<String> prefix) {
    return CatalogProperties.load(CatalogFactory.CATALOG_NAME, properties(aws, prefix));
  }

  /** Closes a catalog opened by {@link #open} (the JDBC one holds a connection pool). */
  public static void close(Catalog catalog) {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the catalog", e);
      }
    }
  }

  /** Whether a catalog can be opened without guessing: AWS, or a local catalog file that exists. */
  public Optional<String> unavailableReason(AwsTarget aws) {
    if (aws.endpoint().isEmpty()) {
      return Optional.empty();
    }
    try {
      localUri(aws);
      return Optional.empty();
    } catch (OpsFailure e) {
      return Optional.of(e.getMessage());
    }
  }

  Map<String, String> properties(AwsTarget aws, Optional<String> prefix) {
    if (aws.endpoint().isEmpty()) {
      // the caller's account's catalog, as the functions see it
      Map<String, String> glue =
          CatalogProperties.glueRest(
              CatalogProperties.glueRestEndpoint(aws.region()), Optional.empty(), aws.region());
      glue.put(AwsClientProperties.CLIENT_REGION, aws.region());
      // Iceberg signs catalog requests and builds its S3 client from the default chain, which
      // reads the profile from this property (the SDK's ProfileFileSystemSetting.AWS_PROFILE)
      aws.profile().ifPresent(p -> System.setProperty("aws.profile", p));
      return glue;
    }
    URI endpoint = aws.endpoint().orElseThrow();
    String bucket =
        warehouse != null ? warehouse : prefix.orElse(LOCAL_PREFIX) + "-" + Buckets.WAREHOUSE;
    return CatalogProperties.local(
        localUri(aws),
        bucket,
        endpoint,
        aws.region(),
        AwsSettings.EMULATOR_ACCESS_KEY,
        AwsSettings.EMULATOR_SECRET_KEY);
  }

  /**
   * The given JDBC URI, or the catalog file of the run folder (--run-dir, $ICEFLOW_RUN_DIR, else
   * the newest run); never a new, empty catalog.
   */
  private String localUri(AwsTarget aws) {
    if (catalogUri != null) {
      // JdbcCatalog would create a missing SQLite file: a typo must not make an empty catalog
      if (catalogUri.startsWith(SQLITE_URI_PREFIX)
          && !Files.isRegularFile(Path.of(catalogUri.substring(SQLITE_URI_PREFIX.length())))) {
        throw new OpsFailure("no catalog file at " + catalogUri + " (check --catalog-uri)");
      }
      return catalogUri;
    }
    Path catalogFile =
        run.folder(aws)
            .map(folder -> folder.resolve(LocalRuns.CATALOG_FILE))
            .orElseThrow(
                () ->
                    new OpsFailure(
                        "no local catalog found under .local/runs (above %s): give --run-dir or --catalog-uri"
                            .formatted(Path.of("").toAbsolutePath())));
    if (!Files.isRegularFile(catalogFile)) {
      throw new OpsFailure("no catalog file " + catalogFile + ": give --run-dir or --catalog-uri");
    }
    return CatalogProperties.sqliteUri(catalogFile);
  }
}
