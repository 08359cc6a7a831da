package dev.iceflow.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;

/**
 * The tables section of {@code ops status} on the local catalog: the last snapshot is the current
 * one, freshness counts from the commit stage's last commit, not from a later compaction rewrite.
 */
@WithLocalAws
class TableFreshnessReaderIntegrationTest {

  @Test
  void freshnessCountsFromTheLastCommit_notFromALaterRewrite(LocalAws aws) throws Exception {
    DataContract flights = aws.contracts().requireDataset("flights");
    TableSpec unique =
        new TableSpec(
            flights.table().namespace(),
            "fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
            flights.table().formatVersion(),
            flights.table().schema(),
            flights.table().partitionSpec(),
            flights.table().sortOrder(),
            flights.table().properties());
    DataContract contract =
        new DataContract(
            "fresh",
            flights.version(),
            flights.description(),
            flights.owner(),
            flights.input(),
            flights.reference(),
            flights.enrichment(),
            unique,
            flights.maintenance(),
            flights.budget());
    Catalog catalog = aws.openCatalog();
    try {
      Table table = ContractTableCreator.loadOrCreate(catalog, unique);
      DataFile committed = ParquetFiles.write(table, FlightRows.rows(table.schema(), "b-1", 2));
      table.newAppend().appendFile(committed).set(SnapshotSummaryKeys.BATCH_IDS, "b-1").commit();
      Snapshot commit = table.currentSnapshot();
      DataFile rewritten = ParquetFiles.write(table, FlightRows.rows(table.schema(), "b-1", 2));
      table.newRewrite().rewriteFiles(Set.of(committed), Set.of(rewritten)).commit();
      Snapshot rewrite = table.currentSnapshot();
      assertThat(rewrite.snapshotId()).isNotEqualTo(commit.snapshotId());

      List<TableFreshness> read = TableFreshnessReader.read(catalog, List.of(contract));

      TableFreshness freshness = read.get(0);
      assertThat(freshness.unreadable()).isEmpty();
      assertThat(freshness.snapshotId()).contains(rewrite.snapshotId());
      assertThat(freshness.lastCommitAt()).contains(Instant.ofEpochMilli(commit.timestampMillis()));
      Instant now = Instant.ofEpochMilli(commit.timestampMillis()).plusSeconds(90);
      assertThat(freshness.freshness(now)).contains(Duration.ofSeconds(90));
    } finally {
      ((AutoCloseable) catalog).close();
    }
  }
}
