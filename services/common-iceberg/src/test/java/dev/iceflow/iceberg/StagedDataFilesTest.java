package dev.iceflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.Payloads;
import dev.iceflow.contracts.message.payload.TableName;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire format between enrichment and commit: a DataFile written into a datafiles.staged
 * payload, sent as JSON text and read back, is the same file in every field the commit adds to the
 * table's metadata, for the partition spec it was written with, not the table's current one.
 */
class StagedDataFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int JANUARY_1ST_2001 = 11323; // days since 1970-01-01

  private Table table;

  @BeforeEach
  void createTheFlightsTable() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    TableSpec flights = Contracts.packaged().dataset("flights").orElseThrow().table();
    table = ContractTableCreator.loadOrCreate(catalog, flights);
  }

  @Test
  void shouldRebuildTheSameDataFile_afterAPayloadRoundTripThroughJsonText() throws Exception {
    DataFile written = dataFile();

    DatafilesStagedV2 payload =
        StagedDataFiles.payload(
            table,
            new TableName("iceflow", "flights"),
            "b-1",
            "1.0",
            "attempt-1",
            Instant.parse("2026-11-26T08:00:00Z"),
            new Fingerprint(40, "9f2b5c1e0a7d4b3c8e6f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d"),
            List.of(written));
    String sent = Payloads.mapper().writeValueAsString(payload);
    DatafilesStagedV2 received = Payloads.read(JSON.readTree(sent), DatafilesStagedV2.class);
    DataFile read = StagedDataFiles.toDataFile(table, received.specId(), received.files().get(0));

    assertThat(received.files()).hasSize(1);
    assertThat(read.location()).isEqualTo(written.location());
    assertThat(read.format()).isEqualTo(written.format());
    assertThat(read.specId()).isEqualTo(written.specId());
    assertThat(partitionValues(read.partition())).isEqualTo(partitionValues(written.partition()));
    assertThat(read.recordCount()).isEqualTo(written.recordCount());
    assertThat(read.fileSizeInBytes()).isEqualTo(written.fileSizeInBytes());
    assertThat(read.columnSizes()).isEqualTo(written.columnSizes()).isNotEmpty();
    assertThat(read.valueCounts()).isEqualTo(written.valueCounts()).isNotEmpty();
    assertThat(read.nullValueCounts()).isEqualTo(written.nullValueCounts()).isNotEmpty();
    assertThat(read.nanValueCounts()).isEqualTo(written.nanValueCounts()).isNotEmpty();
    assertThat(read.lowerBounds()).isEqualTo(written.lowerBounds()).isNotEmpty();
    assertThat(read.upperBounds()).isEqualTo(written.upperBounds()).isNotEmpty();
    assertThat(read.splitOffsets()).isEqualTo(written.splitOffsets()).isNotEmpty();
    assertThat(read.sortOrderId()).isEqualTo(written.sortOrderId()).isNotZero();
    assertThat(received.recordCount()).isEqualTo(written.recordCount());
    assertThat(received.fingerprint()).isEqualTo(payload.fingerprint());
  }

  @Test
  void shouldRebuildAStagedFileForTheSpecItWasWrittenWith_notTheTablesCurrentOne() {
    PartitionSpec writtenWith = table.spec();
    StagedFile staged = StagedDataFiles.toStagedFile(writtenWith, dataFile());
    monthsUnderTheSameFieldName();

    DataFile rebuilt = StagedDataFiles.toDataFile(table, writtenWith.specId(), staged);

    assertThat(rebuilt.specId()).isEqualTo(writtenWith.specId());
    assertThat(rebuilt.partition().get(0, Integer.class)).isEqualTo(JANUARY_1ST_2001);
    table.newAppend().appendFile(rebuilt).commit();
    assertThat(table.currentSnapshot().addedDataFiles(table.io()))
        .singleElement()
        .satisfies(f -> assertThat(f.specId()).isEqualTo(writtenWith.specId()));
  }

  @Test
  void shouldAnnounceTheSpecTheFilesWereWrittenWith_notTheTablesCurrentOne() {
    int writtenWith = table.spec().specId();
    DataFile written = dataFile();
    monthsUnderTheSameFieldName();

    DatafilesStagedV2 payload =
        StagedDataFiles.payload(
            table,
            new TableName("iceflow", "flights"),
            "b-1",
            "1.0",
            "b-1-attempt",
            Instant.parse("2026-11-26T08:00:00Z"),
            new Fingerprint(40, Sha256.hex("b-1")),
            List.of(written));

    assertThat(payload.specId()).isEqualTo(writtenWith);
  }

  @Test
  void shouldRefuseAStagedFileOfASpecTheTableDoesNotHave() {
    StagedFile staged = StagedDataFiles.toStagedFile(table.spec(), dataFile());

    assertThatThrownBy(() -> StagedDataFiles.toDataFile(table, 42, staged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition spec 42")
        .hasMessageContaining(staged.path());
  }

  /**
   * The table's spec changes to months under the same partition field name: a day number read as a
   * month would be the year 2913.
   */
  private void monthsUnderTheSameFieldName() {
    table.updateSpec().removeField("event_day").commit();
    table.updateSpec().addField("event_day", Expressions.month("event_time")).commit();
    assertThat(table.spec().fields().get(0).transform().toString()).isEqualTo("month");
  }

  /** A file of one day's partition with every metric Iceberg keeps, as enrichment writes it. */
  private DataFile dataFile() {
    Schema schema = table.schema();
    int eventTime = schema.findField("event_time").fieldId();
    int origin = schema.findField("origin").fieldId();
    int delay = schema.findField("delay_minutes").fieldId();
    int city = schema.findField("origin_city").fieldId();
    LocalDateTime first = LocalDateTime.of(2001, 1, 1, 0, 47);
    LocalDateTime last = LocalDateTime.of(2001, 1, 1, 23, 5);
    PartitionData partition = new PartitionData(table.spec().partitionType());
    partition.set(0, (int) LocalDate.of(2001, 1, 1).toEpochDay());
    return DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/event_day=2001-01-01/00000-1-attempt.parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition)
        .withFileSizeInBytes(48_213)
        .withMetrics(
            new Metrics(
                40L,
                Map.of(eventTime, 312L, origin, 97L, delay, 120L, city, 210L),
                Map.of(eventTime, 40L, origin, 40L, delay, 40L, city, 40L),
                Map.of(eventTime, 0L, origin, 0L, delay, 0L, city, 3L),
                Map.of(delay, 0L),
                Map.of(
                    eventTime, micros(first),
                    origin, Conversions.toByteBuffer(Types.StringType.get(), "ABQ"),
                    delay, Conversions.toByteBuffer(Types.IntegerType.get(), -12)),
                Map.of(
                    eventTime, micros(last),
                    origin, Conversions.toByteBuffer(Types.StringType.get(), "TUS"),
                    delay, Conversions.toByteBuffer(Types.IntegerType.get(), 187))))
        .withSplitOffsets(List.of(4L, 24_000L))
        .withSortOrder(table.sortOrder())
        .build();
  }

  private static ByteBuffer micros(LocalDateTime time) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant(ZoneOffset.UTC));
    return Conversions.toByteBuffer(Types.TimestampType.withoutZone(), micros);
  }

  private List<Object> partitionValues(StructLike partition) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < table.spec().fields().size(); i++) {
      values.add(partition.get(i, Object.class));
    }
    return values;
  }
}
