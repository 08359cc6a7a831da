package dev.iceflow.ops.status;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.table.CatalogTarget;
import java.time.Instant;
import java.util.Optional;
import org.apache.iceberg.catalog.Catalog;

/** Opens the catalog for {@code ops status} and reads every dataset's table into its section. */
final class TablesStatus {

  private TablesStatus() {}

  static TablesSection read(CatalogTarget target, AwsTarget aws, String prefix, Instant now) {
    Optional<String> unavailable = target.unavailableReason(aws);
    if (unavailable.isPresent()) {
      return TablesSection.notRead(now, unavailable.get());
    }
    Catalog catalog;
    try {
      catalog = target.open(aws, Optional.of(prefix));
    } catch (RuntimeException e) {
      // the rest of the status is worth printing when the catalog is out of reach
      return TablesSection.notRead(now, "cannot open the catalog: " + e.getMessage());
    }
    try {
      return new TablesSection(
          now,
          TableFreshnessReader.read(catalog, Contracts.packaged().datasets().values()),
          Optional.empty());
    } finally {
      CatalogTarget.close(catalog);
    }
  }
}
