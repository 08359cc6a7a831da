package dev.iceflow.compaction.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.iceberg.TableRows;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Orphan-file removal against the embedded AWS (S3 listing and bulk delete) and the catalog. */
@WithLocalAws
class OrphanFilesTest {

  /** The window the current topology requires (42 days and 90 s), rounded up. */
  private static final Duration WINDOW = Duration.ofDays(43);

  private static final Clock NOW = Clock.systemUTC();

  /** A day past the window: every file written now is older than it. */
  private static final Clock WINDOW_LATER = Clock.offset(NOW, WINDOW.plusDays(1));

  private static MaintainedTables tables;

  @BeforeAll
  static void connect(LocalAws aws) {
    tables = new MaintainedTables(aws);
  }

  @Test
  void shouldKeepWhatTheCurrentOrAnOlderRetainedSnapshotReads_andRemoveOnlyTheOrphan() {
    Table table = tables.create("orphans_reachable");
    String oldBatch = "batch-" + UUID.randomUUID();
    Snapshot first = MaintainedTables.commitBatch(table, oldBatch, "c1", 3);
    DataFile onlyInFirst = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
    table.newDelete().deleteFile(onlyInFirst).commit();
    String currentBatch = "batch-" + UUID.randomUUID();
    MaintainedTables.commitBatch(table, currentBatch, "c3", 2);
    DataFile inCurrent = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
    DataFile orphan = MaintainedTables.stage(table, "batch-" + UUID.randomUUID(), 1);
    List<String> before = MaintainedTables.filesUnder(table);

    OrphanFiles.Report report = new OrphanFiles(WINDOW_LATER).sweep(table, WINDOW, false);

    assertThat(report.orphans()).containsExactly(orphan.location());
    assertThat(report.removed()).isEqualTo(1);
    List<String> expected = new ArrayList<>(before);
    expected.remove(orphan.location());
    assertThat(MaintainedTables.filesUnder(table)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(MaintainedTables.exists(table, onlyInFirst.location())).isTrue();
    assertThat(MaintainedTables.exists(table, inCurrent.location())).isTrue();
    assertThat(TableRows.asOf(table, first.snapshotId()))
        .as("time travel to the first snapshot still reads its file")
        .hasSize(3);
    assertThat(TableRows.ofBatch(table, currentBatch)).hasSize(2);
    assertThat(TableRows.ofBatch(table, oldBatch)).as("deleted from the current one").isEmpty();
  }

  @Test
  void shouldNeverCountMetadataFilesAsOrphans() {
    Table table = tables.create("orphans_metadata");
    for (int i = 0; i < 3; i++) {
      MaintainedTables.commitBatch(table, "batch-" + UUID.randomUUID(), "c" + i, 1);
    }
    TableMetadata metadata = ((HasTableOperations) table).operations().current();
    assertThat(metadata.previousFiles()).as("previous metadata.json files").hasSize(3);
    List<String> metadataFiles = new ArrayList<>();
    metadataFiles.add(metadata.metadataFileLocation());
    metadata.previousFiles().forEach(entry -> metadataFiles.add(entry.file()));
    metadataFiles.addAll(ReachableFileUtil.manifestListLocations(table));
    assertThat(MaintainedTables.filesUnder(table)).containsAll(metadataFiles);

    OrphanFiles.Report report = new OrphanFiles(WINDOW_LATER).sweep(table, WINDOW, false);

    assertThat(report.orphans()).isEmpty();
    assertThat(report.removed()).isZero();
    metadataFiles.forEach(file -> assertThat(MaintainedTables.exists(table, file)).isTrue());
  }

  @Test
  void shouldKeepAStagedFileYoungerThanTheWindow_andFindItOnceTheWindowHasPassed() {
    Table table = tables.create("orphans_staged");
    MaintainedTables.commitBatch(table, "batch-" + UUID.randomUUID(), "c1", 1);
    // enrichment staged this batch; its datafiles.staged message is still on its way to commit
    String staged = MaintainedTables.stage(table, "batch-" + UUID.randomUUID(), 2).location();

    OrphanFiles.Report young = new OrphanFiles(NOW).sweep(table, WINDOW, false);

    assertThat(young.orphans()).isEmpty();
    assertThat(MaintainedTables.exists(table, staged)).isTrue();

    OrphanFiles.Report dryRun = new OrphanFiles(WINDOW_LATER).sweep(table, WINDOW, true);

    assertThat(dryRun.orphans()).containsExactly(staged);
    assertThat(dryRun.removed()).isZero();
    assertThat(MaintainedTables.exists(table, staged)).as("a dry run deletes nothing").isTrue();

    OrphanFiles.Report removal = new OrphanFiles(WINDOW_LATER).sweep(table, WINDOW, false);

    assertThat(removal.orphans()).containsExactly(staged);
    assertThat(removal.removed()).isEqualTo(1);
    assertThat(MaintainedTables.exists(table, staged)).isFalse();
  }

  @Test
  void shouldNotTouchASiblingTableWhoseLocationStartsWithThisTablesLocation() {
    String name = "orphans_sibling_" + UUID.randomUUID().toString().substring(0, 8);
    Table table = tables.createNamed(name);
    Table sibling = tables.createNamed(name + "x");
    assertThat(sibling.location()).startsWith(table.location());
    MaintainedTables.commitBatch(table, "batch-" + UUID.randomUUID(), "c1", 1);
    String siblings = MaintainedTables.stage(sibling, "batch-" + UUID.randomUUID(), 1).location();

    OrphanFiles.Report report = new OrphanFiles(WINDOW_LATER).sweep(table, WINDOW, false);

    assertThat(report.orphans()).isEmpty();
    assertThat(MaintainedTables.exists(sibling, siblings)).isTrue();
  }

  @Test
  void shouldTakeS3aForS3_whenTheTableReferencesAFileUnderTheOtherScheme() {
    Table table = tables.create("orphans_s3a");
    DataFile written = MaintainedTables.stage(table, "batch-" + UUID.randomUUID(), 1);
    assertThat(written.location()).startsWith("s3://");
    String asS3a = "s3a://" + written.location().substring("s3://".length());
    table
        .newAppend()
        .appendFile(DataFiles.builder(table.spec()).copy(written).withPath(asS3a).build())
        .commit();

    OrphanFiles.Report report = new OrphanFiles(WINDOW_LATER).sweep(table, WINDOW, false);

    assertThat(report.orphans()).isEmpty();
    assertThat(MaintainedTables.exists(table, written.location())).isTrue();
  }

  @Test
  void shouldDeleteNothing_whenAListedFileIsReferencedInAnotherBucket() {
    Table table = tables.create("orphans_bucket");
    DataFile written = MaintainedTables.stage(table, "batch-" + UUID.randomUUID(), 1);
    FileLocation location = FileLocation.parse(written.location());
    String elsewhere = "s3://another-bucket" + location.path();
    table
        .newAppend()
        .appendFile(DataFiles.builder(table.spec()).copy(written).withPath(elsewhere).build())
        .commit();
    String orphan = MaintainedTables.stage(table, "batch-" + UUID.randomUUID(), 1).location();

    assertThatThrownBy(() -> new OrphanFiles(WINDOW_LATER).sweep(table, WINDOW, false))
        .isInstanceOf(LocationMismatchException.class)
        .hasMessageContaining(written.location())
        .hasMessageContaining("another-bucket");

    assertThat(MaintainedTables.exists(table, written.location())).isTrue();
    assertThat(MaintainedTables.exists(table, orphan)).as("nothing is deleted").isTrue();
  }
}
