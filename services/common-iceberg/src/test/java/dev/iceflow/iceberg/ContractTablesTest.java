package dev.iceflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.PartitionFieldSpec;
import dev.iceflow.contracts.dataset.TableSpec;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class ContractTablesTest {

  private final TableSpec flights = Contracts.packaged().dataset("flights").orElseThrow().table();

  @Test
  void schemaKeepsTheContractsFieldIdsTypesAndNullability() {
    Schema schema = ContractTables.schema(flights);

    assertThat(schema.findField("event_time").fieldId()).isEqualTo(1);
    assertThat(schema.findType("event_time")).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(schema.findType("ingested_at")).isEqualTo(Types.TimestampType.withZone());
    assertThat(schema.findField("origin_city").isOptional()).isTrue();
    assertThat(schema.findField("route").isRequired()).isTrue();
    assertThat(schema.columns()).hasSize(flights.schema().size());
  }

  @Test
  void partitionsHiddenlyByDayOfEventTime() {
    Schema schema = ContractTables.schema(flights);
    PartitionSpec spec = ContractTables.partitionSpec(flights, schema);

    assertThat(spec.fields()).hasSize(1);
    assertThat(spec.fields().get(0).name()).isEqualTo("event_day");
    assertThat(spec.fields().get(0).transform().toString()).isEqualTo("day");
    assertThat(spec.fields().get(0).sourceId()).isEqualTo(1);
  }

  @Test
  void sortsByOriginThenEventTime() {
    Schema schema = ContractTables.schema(flights);
    SortOrder order = ContractTables.sortOrder(flights, schema);

    assertThat(order.fields())
        .extracting(f -> schema.findColumnName(f.sourceId()))
        .containsExactly("origin", "event_time");
    assertThat(order.fields())
        .allSatisfy(f -> assertThat(f.direction()).isEqualTo(SortDirection.ASC));
  }

  @Test
  void propertiesAskForZstdParquetAndTheFormatVersion() {
    assertThat(ContractTables.properties(flights))
        .containsEntry("write.parquet.compression-codec", "zstd")
        .containsEntry("format-version", "2");
  }

  @Test
  void shouldRefuseAPartitionOnAnUnknownColumn() {
    TableSpec broken =
        new TableSpec(
            flights.namespace(),
            flights.name(),
            flights.formatVersion(),
            flights.schema(),
            List.of(new PartitionFieldSpec("departure", "day", "departure_day")),
            flights.sortOrder(),
            flights.properties());

    assertThatThrownBy(() -> ContractTables.partitionSpec(broken, ContractTables.schema(broken)))
        .hasMessageContaining("no column 'departure'");
  }
}
