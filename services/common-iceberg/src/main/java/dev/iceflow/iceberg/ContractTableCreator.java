package dev.iceflow.iceberg;

import dev.iceflow.contracts.dataset.TableSpec;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;

/**
 * Loads a dataset's table, creating it (and its namespace) from the data contract when missing. A
 * namespace with a location (a Glue database's LocationUri) puts the table at {@code
 * <location>/<table>}, as Iceberg's GlueCatalog does: AWS Glue's Iceberg REST endpoint assigns no
 * location itself and refuses a table created without one. Otherwise the catalog places it (the
 * local JdbcCatalog under {@code <warehouse>/<namespace>/<table>}).
 */
public final class ContractTableCreator {

  /** The namespace property holding its location (a Glue database's LocationUri). */
  private static final String LOCATION = "location";

  private ContractTableCreator() {}

  public static Table loadOrCreate(Catalog catalog, TableSpec spec) {
    TableIdentifier id = ContractTables.identifier(spec);
    if (catalog.tableExists(id)) {
      return catalog.loadTable(id);
    }
    if (catalog instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(id.namespace())) {
      try {
        namespaces.createNamespace(id.namespace());
      } catch (AlreadyExistsException createdMeanwhile) {
        // another writer created it first: that is the outcome we want
      }
    }
    Schema schema = ContractTables.schema(spec);
    Catalog.TableBuilder builder =
        catalog
            .buildTable(id, schema)
            .withPartitionSpec(ContractTables.partitionSpec(spec, schema))
            .withSortOrder(ContractTables.sortOrder(spec, schema))
            .withProperties(ContractTables.properties(spec));
    namespaceLocation(catalog, id.namespace())
        .ifPresent(location -> builder.withLocation(location + "/" + id.name()));
    try {
      return builder.create();
    } catch (AlreadyExistsException createdMeanwhile) {
      return catalog.loadTable(id);
    }
  }

  private static Optional<String> namespaceLocation(Catalog catalog, Namespace namespace) {
    if (!(catalog instanceof SupportsNamespaces namespaces)) {
      return Optional.empty();
    }
    return Optional.ofNullable(namespaces.loadNamespaceMetadata(namespace).get(LOCATION))
        .filter(location -> !location.isBlank())
        .map(location -> location.replaceAll("/+$", ""));
  }
}
