package dev.iceflow.iceberg;

import dev.iceflow.contracts.dataset.TableSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;

/** Loads a dataset's table, creating it (and its namespace) from the data contract when missing. */
public final class ContractTableCreator {

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
    try {
      return catalog
          .buildTable(id, schema)
          .withPartitionSpec(ContractTables.partitionSpec(spec, schema))
          .withSortOrder(ContractTables.sortOrder(spec, schema))
          .withProperties(ContractTables.properties(spec))
          .create();
    } catch (AlreadyExistsException createdMeanwhile) {
      return catalog.loadTable(id);
    }
  }
}
