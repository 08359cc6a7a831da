package dev.iceflow.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.ColumnSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.iceberg.StagedDataFiles;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A data contract that adds an optional column evolves the table in the same transaction as the
 * append; an incompatible one is refused without touching the table.
 */
@WithLocalAws
class SchemaEvolutionIntegrationTest {

  private static Catalog catalog;

  @BeforeAll
  static void openCatalog(LocalAws aws) {
    catalog = aws.openCatalog();
  }

  @Test
  void shouldAddANewOptionalColumnWithTheAppend_andReadOldRowsWithNulls() throws Exception {
    DataContract v10 =
        ContractEdits.renamed(
            Contracts.packaged().dataset("flights").orElseThrow(), "flights_evolution_" + suffix());
    DataContract v11 =
        ContractEdits.withColumn(
            v10, "1.1", new ColumnSpec(20, "carrier", "string", false, "Airline code."));
    Table table = ContractTableCreator.loadOrCreate(catalog, v10.table());
    commit(table, v10, List.of(staged(table, table.schema(), "old", 3, null)));

    Schema v11Schema = ContractTables.schema(v11.table());
    CommitOutcome outcome = commit(table, v11, List.of(staged(table, v11Schema, "new", 2, "DL")));

    assertThat(outcome.schemaChanges()).containsExactly("add optional column carrier string");
    Table reloaded = catalog.loadTable(ContractTables.identifier(v11.table()));
    assertThat(reloaded.schema().findField("carrier").fieldId()).isEqualTo(20);
    assertThat(reloaded.currentSnapshot().schemaId()).isEqualTo(reloaded.schema().schemaId());
    List<Record> rows = readAll(reloaded);
    assertThat(rows)
        .filteredOn(r -> "old".equals(r.getField("batch_id")))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.getField("carrier")).isNull());
    assertThat(rows)
        .filteredOn(r -> "new".equals(r.getField("batch_id")))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.getField("carrier")).isEqualTo("DL"));
  }

  @Test
  void shouldRefuseANewRequiredColumn_andLeaveTheTableAsItWas() {
    DataContract v10 =
        ContractEdits.renamed(
            Contracts.packaged().dataset("flights").orElseThrow(),
            "flights_incompatible_" + suffix());
    DataContract broken =
        ContractEdits.withColumn(
            v10, "1.1", new ColumnSpec(20, "carrier", "string", true, "Airline code."));
    Table table = ContractTableCreator.loadOrCreate(catalog, v10.table());
    int schemaBefore = table.schema().schemaId();

    assertThatThrownBy(
            () -> commit(table, broken, List.of(staged(table, table.schema(), "b", 1, null))))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("required column 'carrier'");
    table.refresh();
    assertThat(table.schema().schemaId()).isEqualTo(schemaBefore);
    assertThat(table.currentSnapshot()).isNull();
  }

  private static CommitOutcome commit(
      Table table, DataContract contract, List<StagedBatch> batches) {
    return TableCommitter.attempt(
        table, contract, batches, 50, new AddedFiles(), UUID.randomUUID().toString());
  }

  private static StagedBatch staged(
      Table table, Schema schema, String batchId, int count, String carrier) throws Exception {
    List<Record> rows = FlightRows.rows(table.schema(), batchId, count);
    List<Record> written = new ArrayList<>();
    for (Record row : rows) {
      Record r = org.apache.iceberg.data.GenericRecord.create(schema);
      for (var field : table.schema().columns()) {
        r.setField(field.name(), row.getField(field.name()));
      }
      if (carrier != null) {
        r.setField("carrier", carrier);
      }
      written.add(r);
    }
    DataFile file = ParquetFiles.write(table, schema, written);
    DatafilesStagedV2 data =
        StagedDataFiles.payload(
            table,
            new TableName("iceflow", table.name()),
            batchId,
            "1.0",
            "a",
            Instant.now(),
            new Fingerprint(count, Sha256.hex(batchId)),
            List.of(file));
    Envelope envelope =
        Envelope.originating(
            batchId + ".staged", data, "2.0", "test", Instant.now(), "flights", batchId);
    return new StagedBatchReader(null, null)
        .read(
            "m-" + batchId,
            EnvelopeCodec.mapper()
                .treeToValue(EnvelopeCodec.mapper().valueToTree(envelope), Envelope.class));
  }

  private static List<Record> readAll(Table table) throws Exception {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
      read.forEach(r -> rows.add(r.copy()));
    }
    return rows;
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
