package dev.iceflow.commit;

import dev.iceflow.contracts.dataset.ColumnSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.TableSpec;
import java.util.ArrayList;
import java.util.List;

/** Data contracts edited the way a contract's owner would: another table name, a new column. */
final class ContractEdits {

  private ContractEdits() {}

  /** The same contract for a table of another name (a test's own table). */
  static DataContract renamed(DataContract c, String tableName) {
    TableSpec t = c.table();
    return withTable(
        c,
        c.version(),
        new TableSpec(
            t.namespace(),
            tableName,
            t.formatVersion(),
            t.schema(),
            t.partitionSpec(),
            t.sortOrder(),
            t.properties()));
  }

  /** The contract at {@code version}, its table with {@code column} added. */
  static DataContract withColumn(DataContract c, String version, ColumnSpec column) {
    TableSpec t = c.table();
    List<ColumnSpec> columns = new ArrayList<>(t.schema());
    columns.add(column);
    return withTable(
        c,
        version,
        new TableSpec(
            t.namespace(),
            t.name(),
            t.formatVersion(),
            columns,
            t.partitionSpec(),
            t.sortOrder(),
            t.properties()));
  }

  private static DataContract withTable(DataContract c, String version, TableSpec table) {
    return new DataContract(
        c.dataset(),
        version,
        c.description(),
        c.owner(),
        c.input(),
        c.reference(),
        c.enrichment(),
        table,
        c.maintenance(),
        c.budget());
  }
}
