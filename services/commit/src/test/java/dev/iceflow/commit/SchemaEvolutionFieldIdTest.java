package dev.iceflow.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.ColumnSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.StagedDataFiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Iceberg numbers a new column last-column-id + 1 (the highest id the table ever used), not highest
 * field id + 1: after a column was dropped the two differ. Data files carry the contract's ids, so
 * an evolution whose ids differ from the contract's must be refused before anything is committed.
 */
class SchemaEvolutionFieldIdTest {

  private final DataContract flights = Contracts.packaged().dataset("flights").orElseThrow();
  private Table table;

  @BeforeEach
  void tableWhoseLastColumnIdIsAheadOfItsHighestFieldId() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    table = ContractTableCreator.loadOrCreate(catalog, flights.table());
    table.updateSchema().addColumn("scratch", Types.StringType.get()).commit();
    table.updateSchema().deleteColumn("scratch").commit();
  }

  @Test
  void shouldRefuseANewColumnWhoseIdIcebergWouldNotGiveIt_andLeaveTheTableAsItWas() {
    assertThat(table.schema().highestFieldId()).isEqualTo(19);
    assertThat(lastColumnId()).isEqualTo(20);
    int schemaBefore = table.schema().schemaId();
    DataContract carrierAs20 =
        ContractEdits.withColumn(
            flights, "1.1", new ColumnSpec(20, "carrier", "string", false, "Airline."));

    assertThatThrownBy(() -> commit(carrierAs20, staged("b-1")))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessage(
            "the contract numbers new column 'carrier' 20, and Iceberg would number it 21 (one"
                + " above the table's last-column-id, which counts dropped columns too): data files"
                + " written with 20 would not be read as 'carrier'; give it 21");
    table.refresh();
    assertThat(table.schema().schemaId()).isEqualTo(schemaBefore);
    assertThat(table.schema().findField("carrier")).isNull();
    assertThat(table.currentSnapshot()).isNull();
  }

  @Test
  void shouldAddANewColumnNumberedAfterTheLastColumnId() {
    DataContract carrierAs21 =
        ContractEdits.withColumn(
            flights, "1.1", new ColumnSpec(21, "carrier", "string", false, "Airline."));

    CommitOutcome outcome = commit(carrierAs21, staged("b-2"));

    assertThat(outcome.schemaChanges()).containsExactly("add optional column carrier string");
    table.refresh();
    assertThat(table.schema().findField("carrier").fieldId()).isEqualTo(21);
    assertThat(table.currentSnapshot()).isNotNull();
  }

  private int lastColumnId() {
    TableMetadata metadata = ((org.apache.iceberg.HasTableOperations) table).operations().current();
    return metadata.lastColumnId();
  }

  /** A batch of one (metadata-only) file in the table's current partition spec. */
  private StagedBatch staged(String batchId) {
    DataFile file =
        DataFiles.builder(table.spec())
            .withPath(table.location() + "/data/event_day=2001-01-01/" + batchId + ".parquet")
            .withFormat(FileFormat.PARQUET)
            .withPartitionPath("event_day=2001-01-01")
            .withRecordCount(1)
            .withFileSizeInBytes(1024)
            .build();
    DatafilesStagedV2 payload =
        StagedDataFiles.payload(
            table,
            new TableName("iceflow", "flights"),
            batchId,
            "1.1",
            batchId + "-a",
            Instant.parse("2026-11-26T08:00:00Z"),
            new Fingerprint(1, Sha256.hex(batchId)),
            List.of(file));
    Envelope envelope =
        Envelope.originating(
            batchId + ".staged", payload, "2.0", "test", Instant.now(), "flights", batchId);
    return new StagedBatchReader(null, null).read("m-" + batchId, envelope);
  }

  private CommitOutcome commit(DataContract contract, StagedBatch batch) {
    return TableCommitter.attempt(
        table, contract, List.of(batch), 50, new AddedFiles(), "commit-" + batch.batchId());
  }
}
