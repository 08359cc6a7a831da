package dev.iceflow.local.demo;

import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.iceberg.CatalogFactory;
import dev.iceflow.local.emulator.LocalAws;

/** How to query the demo's table from outside, copy-pasteable (while the emulator runs). */
final class QueryHints {

  private QueryHints() {}

  static String text(LocalAws aws, TableSpec table) {
    // SQLAlchemy's URL for an absolute SQLite path: sqlite:////abs/path
    String sqlite = "sqlite:///" + aws.catalogJdbcUri().substring("jdbc:sqlite:".length());
    return """
        Query it from outside while the emulator runs (bin/demo --keep-running), e.g. with PyIceberg:
          pip install 'pyiceberg[sql-sqlite,pyarrow]'
          python3 - <<'PY'
          from pyiceberg.catalog.sql import SqlCatalog
          catalog = SqlCatalog("%s", uri="%s", warehouse="s3://%s/",
              **{"s3.endpoint": "%s", "s3.access-key-id": "%s", "s3.secret-access-key": "%s", "s3.region": "%s"})
          t = catalog.load_table("%s")
          print(t.scan(row_filter="delay_category == 'very_late'", selected_fields=("route", "delay_minutes")).to_arrow().num_rows)
          PY"""
        .formatted(
            CatalogFactory.CATALOG_NAME,
            sqlite,
            aws.provisioned().bucket("warehouse"),
            aws.endpoint(),
            AwsSettings.EMULATOR_ACCESS_KEY,
            AwsSettings.EMULATOR_SECRET_KEY,
            LocalAws.REGION,
            table.qualifiedName());
  }
}
