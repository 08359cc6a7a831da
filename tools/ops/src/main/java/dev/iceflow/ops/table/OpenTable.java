package dev.iceflow.ops.table;

import dev.iceflow.ops.OpsFailure;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NoSuchTableException;

/** A table loaded from a catalog that this holds open until closed. */
final class OpenTable implements AutoCloseable {

  private final Catalog catalog;
  private final Table table;
  private final String name;

  private OpenTable(Catalog catalog, Table table, String name) {
    this.catalog = catalog;
    this.table = table;
    this.name = name;
  }

  static OpenTable load(Catalog catalog, String qualifiedName) {
    try {
      return new OpenTable(
          catalog, catalog.loadTable(TableChoice.identifier(qualifiedName)), qualifiedName);
    } catch (NoSuchTableException e) {
      CatalogTarget.close(catalog);
      throw new OpsFailure(
          "no table %s in the catalog (nothing committed to it yet?)".formatted(qualifiedName), e);
    } catch (RuntimeException e) {
      CatalogTarget.close(catalog);
      throw e;
    }
  }

  String name() {
    return name;
  }

  Table table() {
    return table;
  }

  /** The table's operations: one metadata version to read from, and to commit against. */
  TableOperations operations() {
    return ((HasTableOperations) table).operations();
  }

  @Override
  public void close() {
    CatalogTarget.close(catalog);
  }
}
