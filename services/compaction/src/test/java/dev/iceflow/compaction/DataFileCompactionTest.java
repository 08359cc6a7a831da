package dev.iceflow.compaction;

import static dev.iceflow.compaction.TableData.DAY;
import static dev.iceflow.compaction.TableData.append;
import static dev.iceflow.compaction.TableData.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.compaction.rewrite.RewriteRunnerFactory;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.iceberg.TableCatalog;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.iceberg.TableRows;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A compaction and another writer on one table, the other writer's commit forced between the
 * compaction's plan and its commit (inside the rewrite): an append survives beside the rewrite; a
 * rewrite of the same files makes the compaction's group fail cleanly.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class DataFileCompactionTest {

  private static final Logger LOG = Logger.getLogger(DataFileCompactionTest.class);

  private static HandlerHarness harness;
  private static TableData data;

  @Inject CompactionConfig config;
  @Inject TableCatalog catalog;

  @BeforeAll
  static void connect() {
    harness = HandlerHarness.consuming("compaction");
    data = new TableData(harness.aws().openCatalog());
  }

  @AfterAll
  static void disconnect() {
    harness.close();
  }

  @Test
  void shouldKeepAnAppendThatLandsBetweenPlanAndCommit_andStillCommitTheRewrite() {
    DataContract contract = TestDatasets.dataset("compaction_race", TestDatasets.lambda(10, 20, 0));
    Table theirs = data.table(contract);
    Snapshot planned = append(theirs, write(theirs, DAY, 12, 5));
    List<List<Object>> before = TableData.rows(theirs, planned.snapshotId());
    List<DataFile> late = write(theirs, DAY, 1, 7);
    AtomicReference<Snapshot> appended = new AtomicReference<>();
    HookedRunner[] runner = new HookedRunner[1];

    DataFileCompaction.Result result =
        compaction(HookedRunner.around(group -> appended.set(append(theirs, late)), runner))
            .compact(ours(contract), contract.maintenanceOrDefaults(), "race", enoughTime());

    assertThat(appended.get()).as("the other writer appended mid-rewrite").isNotNull();
    assertThat(appended.get().parentId())
        .as("the append landed on the snapshot the compaction planned on")
        .isEqualTo(planned.snapshotId());
    assertThat(result.committedGroups()).isEqualTo(1);
    assertThat(result.failedGroups()).isZero();
    theirs.refresh();
    Snapshot rewrite = theirs.snapshot(result.snapshotId());
    assertThat(rewrite.operation()).isEqualTo(DataOperations.REPLACE);
    assertThat(rewrite.parentId())
        .as("the rewrite committed after the append")
        .isEqualTo(appended.get().snapshotId());
    List<String> current = TableData.currentFiles(theirs).stream().map(DataFile::location).toList();
    assertThat(current).contains(late.get(0).location());
    assertThat(current).hasSize(1 + runner[0].written().size());
    List<List<Object>> after = TableData.currentRows(theirs);
    assertThat(after).hasSize(before.size() + 7);
    assertThat(after)
        .containsExactlyInAnyOrderElementsOf(TableData.rows(theirs, appended.get().snapshotId()));
    LOG.infof(
        "race: 12 files planned, 1 appended mid-rewrite; %d file(s) now (%s)",
        current.size(), result.partitions());
  }

  @Test
  void shouldFailTheGroupCleanly_whenAnotherWriterRewritesTheSameFilesMidRun() {
    DataContract contract =
        TestDatasets.dataset("compaction_rival", TestDatasets.lambda(10, 20, 0));
    Table theirs = data.table(contract);
    Snapshot planned = append(theirs, write(theirs, DAY, 12, 5));
    List<List<Object>> before = TableData.rows(theirs, planned.snapshotId());
    AtomicReference<Snapshot> rival = new AtomicReference<>();
    HookedRunner[] runner = new HookedRunner[1];

    DataFileCompaction.Result result =
        compaction(HookedRunner.around(group -> rival.set(rewriteAll(theirs, planned)), runner))
            .compact(ours(contract), contract.maintenanceOrDefaults(), "rival", enoughTime());

    assertThat(rival.get()).as("the other writer rewrote the files mid-run").isNotNull();
    assertThat(rival.get().parentId()).isEqualTo(planned.snapshotId());
    assertThat(result.failedGroups()).isEqualTo(1);
    assertThat(result.committedGroups()).isZero();
    assertThat(result.snapshotId()).isNull();
    theirs.refresh();
    assertThat(theirs.currentSnapshot().snapshotId())
        .as("the rival's rewrite is the table's last word")
        .isEqualTo(rival.get().snapshotId());
    assertThat(TableData.currentRows(theirs)).containsExactlyInAnyOrderElementsOf(before);
    Set<String> referenced = new HashSet<>();
    theirs
        .snapshots()
        .forEach(
            s ->
                TableData.files(theirs, s.snapshotId()).forEach(f -> referenced.add(f.location())));
    assertThat(runner[0].written())
        .as("the compaction wrote files before its commit failed")
        .isNotEmpty();
    for (DataFile written : runner[0].written()) {
      assertThat(referenced).doesNotContain(written.location());
      assertThat(TableData.exists(theirs, written.location()))
          .as("%s was deleted after the failed commit", written.location())
          .isFalse();
    }
  }

  @Test
  void shouldCommitTheGroupsOfARunTogether_inOneSnapshot() {
    DataContract contract =
        TestDatasets.dataset("compaction_together", TestDatasets.lambda(10, 20, 0));
    Table theirs = data.table(contract);
    Snapshot planned = append(theirs, twoDays(theirs));
    List<List<Object>> before = TableData.rows(theirs, planned.snapshotId());

    DataFileCompaction.Result result =
        compaction(RewriteRunnerFactory.GENERIC)
            .compact(ours(contract), contract.maintenanceOrDefaults(), "together", enoughTime());

    assertThat(result.committedGroups()).isEqualTo(2);
    theirs.refresh();
    assertThat(theirs.currentSnapshot().parentId())
        .as("both days' groups in one replace snapshot, right after the plan's")
        .isEqualTo(planned.snapshotId());
    assertThat(TableData.currentFiles(theirs)).hasSize(2);
    assertThat(TableData.currentRows(theirs)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void shouldCommitTheOtherGroups_whenOneGroupOfAJointCommitConflicts() {
    DataContract contract =
        TestDatasets.dataset("compaction_one_conflict", TestDatasets.lambda(10, 20, 0));
    Table theirs = data.table(contract);
    Snapshot planned = append(theirs, twoDays(theirs));
    List<List<Object>> before = TableData.rows(theirs, planned.snapshotId());
    AtomicReference<Snapshot> rival = new AtomicReference<>();
    HookedRunner[] runner = new HookedRunner[1];

    DataFileCompaction.Result result =
        compaction(
                HookedRunner.around(
                    group -> {
                      if (rival.get() == null) {
                        rival.set(moveFiles(theirs, group));
                      }
                    },
                    runner))
            .compact(ours(contract), contract.maintenanceOrDefaults(), "one", enoughTime());

    assertThat(rival.get()).as("another writer moved one group's files mid-run").isNotNull();
    assertThat(result.committedGroups()).isEqualTo(1);
    assertThat(result.failedGroups()).isEqualTo(1);
    theirs.refresh();
    assertThat(theirs.currentSnapshot().parentId())
        .as("the group that did not conflict committed after the rival")
        .isEqualTo(rival.get().snapshotId());
    assertThat(TableData.currentRows(theirs)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void shouldStartNoGroupTheRemainingTimeWouldNotCover() {
    DataContract contract = TestDatasets.dataset("compaction_late", TestDatasets.lambda(10, 20, 0));
    Table theirs = data.table(contract);
    Snapshot planned = append(theirs, write(theirs, DAY, 12, 5));

    DataFileCompaction.Result result =
        compaction(RewriteRunnerFactory.GENERIC)
            .compact(
                ours(contract),
                contract.maintenanceOrDefaults(),
                "late",
                RunDeadline.after(Duration.ZERO, Clock.systemUTC()));

    assertThat(result.deferredGroups()).isEqualTo(1);
    assertThat(result.committedGroups()).isZero();
    theirs.refresh();
    assertThat(theirs.currentSnapshot().snapshotId()).isEqualTo(planned.snapshotId());
  }

  private DataFileCompaction compaction(RewriteRunnerFactory runners) {
    return new DataFileCompaction(config, runners);
  }

  /** The table as the compaction function's own catalog connection loads it. */
  private Table ours(DataContract contract) {
    return catalog
        .catalog()
        .loadTable(TableIdentifier.of(contract.table().namespace(), contract.table().name()));
  }

  private static RunDeadline enoughTime() {
    return RunDeadline.after(Duration.ofMinutes(5), Clock.systemUTC());
  }

  /** Twelve small files on each of two days: two groups for the planner. */
  private static List<DataFile> twoDays(Table table) {
    List<DataFile> files = new ArrayList<>(write(table, DAY, 12, 5));
    files.addAll(write(table, DAY.plusDays(1), 12, 5));
    return files;
  }

  /** Another writer moves the group's input files (same rows, new paths) in one commit. */
  private static Snapshot moveFiles(Table table, RewriteFileGroup group) {
    table.refresh();
    RewriteFiles move = table.newRewrite();
    for (DataFile file : group.rewrittenFiles()) {
      String copy = file.location().replace(".parquet", "-moved.parquet");
      try (InputStream in = table.io().newInputFile(file.location()).newStream();
          OutputStream out = table.io().newOutputFile(copy).create()) {
        in.transferTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      move.deleteFile(file)
          .addFile(DataFiles.builder(table.spec()).copy(file).withPath(copy).build());
    }
    move.commit();
    return table.currentSnapshot();
  }

  /** What a rival compaction does: every file of the snapshot replaced by one with its rows. */
  private static Snapshot rewriteAll(Table table, Snapshot snapshot) {
    DataFile merged = ParquetFiles.write(table, TableRows.asOf(table, snapshot.snapshotId()));
    table.refresh();
    RewriteFiles rewrite = table.newRewrite();
    TableData.files(table, snapshot.snapshotId()).forEach(rewrite::deleteFile);
    rewrite.addFile(merged).commit();
    return table.currentSnapshot();
  }
}
