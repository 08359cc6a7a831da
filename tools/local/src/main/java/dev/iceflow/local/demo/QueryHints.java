package dev.iceflow.local.demo;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.iceberg.CatalogFactory;
import dev.iceflow.local.emulator.LocalAws;

/** How to query the demo's table from outside, copy-pasteable (while the emulator runs). */
public final class QueryHints {

  /** The demo's question: how many flights were very late. */
  private static final String VERY_LATE_COUNT =
      "print(t.scan(row_filter=\"delay_category == 'very_late'\", selected_fields=(\"route\", \"delay_minutes\")).to_arrow().num_rows)";

  /** Every row, for a table of a few published records. */
  private static final String EVERY_ROW =
      "for row in t.scan(selected_fields=(\"batch_id\", \"route\", \"delay_minutes\", \"delay_category\")).to_arrow().to_pylist(): print(row)";

  private QueryHints() {}

  static String text(LocalAws aws, TableSpec table) {
    return "Query it from outside while the emulator runs (bin/demo --keep-running), e.g. with"
        + " PyIceberg:\n"
        + pyIceberg(aws, table, VERY_LATE_COUNT);
  }

  /** The PyIceberg lines that print every row of {@code table}. */
  public static String everyRow(LocalAws aws, TableSpec table) {
    return pyIceberg(aws, table, EVERY_ROW);
  }

  private static String pyIceberg(LocalAws aws, TableSpec table, String query) {
    // SQLAlchemy's URL for an absolute SQLite path: sqlite:////abs/path
    String sqlite = "sqlite:///" + aws.catalogJdbcUri().substring("jdbc:sqlite:".length());
    return """
          pip install 'pyiceberg[sql-sqlite,pyarrow]'
          python3 - <<'PY'
          from pyiceberg.catalog.sql import SqlCatalog
          catalog = SqlCatalog("%s", uri="%s", warehouse="s3://%s/",
              **{"s3.endpoint": "%s", "s3.access-key-id": "%s", "s3.secret-access-key": "%s", "s3.region": "%s"})
          t = catalog.load_table("%s")
          %s
          PY"""
        .formatted(
            CatalogFactory.CATALOG_NAME,
            sqlite,
            aws.provisioned().bucket("warehouse"),
            aws.endpoint(),
            AwsSettings.EMULATOR_ACCESS_KEY,
            AwsSettings.EMULATOR_SECRET_KEY,
            LocalAws.REGION,
            table.qualifiedName(),
            query);
  }
}
