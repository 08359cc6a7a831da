package dev.iceflow.ops.status;

import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.util.SnapshotUtil;

/** Reads each dataset's table's last snapshot and last commit from the catalog. */
public final class TableFreshnessReader {

  private TableFreshnessReader() {}

  public static List<TableFreshness> read(Catalog catalog, Collection<DataContract> datasets) {
    return datasets.stream().map(contract -> read(catalog, contract)).toList();
  }

  private static TableFreshness read(Catalog catalog, DataContract contract) {
    String table = contract.table().qualifiedName();
    try {
      TableIdentifier id = TableIdentifier.parse(table);
      if (!catalog.tableExists(id)) {
        return new TableFreshness(
            contract.dataset(),
            table,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
      }
      return read(contract.dataset(), table, catalog.loadTable(id));
    } catch (RuntimeException e) {
      // one unreadable table (metadata gone, access denied) must not hide the rest of the status
      return TableFreshness.unreadable(contract.dataset(), table, oneLine(e));
    }
  }

  private static TableFreshness read(String dataset, String name, Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return new TableFreshness(
          dataset, name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    Optional<Instant> lastCommit = Optional.empty();
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (!SnapshotSummaryKeys.batchIds(snapshot.summary()).isEmpty()) {
        lastCommit = Optional.of(Instant.ofEpochMilli(snapshot.timestampMillis()));
        break;
      }
    }
    return new TableFreshness(
        dataset,
        name,
        Optional.of(current.snapshotId()),
        Optional.of(Instant.ofEpochMilli(current.timestampMillis())),
        lastCommit,
        Optional.empty());
  }

  private static String oneLine(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
