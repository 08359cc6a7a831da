package dev.iceflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.contracts.message.payload.TableName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A staged file is rebuilt for the partition spec it was written with, not the table's current. */
class StagedDataFilesTest {

  private static final int JANUARY_1ST_2001 = 11323; // days since 1970-01-01

  private Table table;
  private PartitionSpec writtenWith;
  private DataFile written;
  private StagedFile staged;

  @BeforeEach
  void stageAFileThenChangeThePartitioning() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    table =
        ContractTableCreator.loadOrCreate(
            catalog, Contracts.packaged().dataset("flights").orElseThrow().table());
    writtenWith = table.spec();
    written =
        DataFiles.builder(writtenWith)
            .withPath(table.location() + "/data/event_day=2001-01-01/00000-0-a-00001.parquet")
            .withFormat(FileFormat.PARQUET)
            .withPartitionPath("event_day=2001-01-01")
            .withRecordCount(3)
            .withFileSizeInBytes(1024)
            .build();
    staged = StagedDataFiles.toStagedFile(writtenWith, written);
    // months under the same partition field name: the day number read as a month would be year 2913
    table.updateSpec().removeField("event_day").commit();
    table.updateSpec().addField("event_day", Expressions.month("event_time")).commit();
  }

  @Test
  void shouldRebuildAStagedFileForTheSpecItWasWrittenWith_notTheTablesCurrentOne() {
    assertThat(table.spec().specId()).isNotEqualTo(writtenWith.specId());

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
    DatafilesStagedV1 payload =
        StagedDataFiles.payload(
            table,
            new TableName("iceflow", "flights"),
            "b-1",
            "1.0",
            "b-1-attempt",
            Instant.parse("2026-11-26T08:00:00Z"),
            List.of(written));

    assertThat(payload.specId()).isEqualTo(writtenWith.specId());
  }

  @Test
  void shouldRefuseAStagedFileOfASpecTheTableDoesNotHave() {
    assertThatThrownBy(() -> StagedDataFiles.toDataFile(table, 42, staged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition spec 42")
        .hasMessageContaining(staged.path());
  }
}
