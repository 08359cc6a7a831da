package dev.iceflow.compaction;

import dev.iceflow.compaction.rewrite.RewriteRunnerFactory;
import dev.iceflow.contracts.dataset.MaintenanceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.FileRewritePlan;
import org.apache.iceberg.actions.FileRewriteRunner;
import org.apache.iceberg.actions.RewriteDataFiles.FileGroupInfo;
import org.apache.iceberg.actions.RewriteDataFilesCommitManager;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.jboss.logging.Logger;

/**
 * Bin-packs a table's small data files with Iceberg's own pieces, no Spark: {@link
 * BinPackRewriteFilePlanner} plans file groups on one snapshot, a {@link FileRewriteRunner} writes
 * each group's rows into target-size files, and {@link RewriteDataFilesCommitManager} commits the
 * groups a bounded number at a time (partial progress): a RewriteFiles validated from the planned
 * snapshot, with its sequence number, so a concurrent append survives and a concurrent rewrite of
 * the same files fails the group's commit, whose written files are then deleted. A group is
 * committed whole or not at all; the groups committed before a failure stay.
 */
public final class DataFileCompaction {

  private static final Logger LOG = Logger.getLogger(DataFileCompaction.class);

  /** Where a test can hold the packaged function between a group's rewrite and its commit. */
  public static final String BEFORE_GROUP_COMMIT = "compaction.before-group-commit";

  private final CompactionConfig config;
  private final RewriteRunnerFactory runners;
  private final Runnable beforeGroupCommit;

  public DataFileCompaction(CompactionConfig config, RewriteRunnerFactory runners) {
    this(config, runners, () -> {});
  }

  /**
   * @param beforeGroupCommit runs when a group's files are written, just before they are committed
   *     (the fault point {@link #BEFORE_GROUP_COMMIT})
   */
  public DataFileCompaction(
      CompactionConfig config, RewriteRunnerFactory runners, Runnable beforeGroupCommit) {
    this.config = config;
    this.runners = runners;
    this.beforeGroupCommit = beforeGroupCommit;
  }

  /** What one compaction did. */
  public record Result(
      List<PartitionRewrite> partitions,
      int committedGroups,
      int failedGroups,
      int deferredGroups,
      int skippedGroups,
      Long snapshotId) {

    static final Result NOTHING = new Result(List.of(), 0, 0, 0, 0, null);
  }

  public Result compact(
      Table table, MaintenanceSpec maintenance, String runId, RunDeadline deadline) {
    Instant started = Instant.now();
    table.refresh();
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return Result.NOTHING;
    }
    List<RewriteFileGroup> groups = plan(table, start, maintenance);
    FileRewriteRunner<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> runner =
        runners.create(table, runId);
    runner.init(Map.of());
    RewriteDataFilesCommitManager commits =
        new RewriteDataFilesCommitManager(
            table, start.snapshotId(), true, Map.of(MaintenanceSnapshots.RUN_ID, runId));
    Progress progress = new Progress(table, commits);
    for (int i = 0; i < groups.size(); i++) {
      RewriteFileGroup group = groups.get(i);
      if (hasDeletes(group)) {
        // append-only tables have none; rewriting without applying them would bring rows back
        LOG.warnf("group %s of %s has delete files; not rewritten", group, table.name());
        progress.skipped++;
        continue;
      }
      if (!deadline.allows(expectedDuration(group))) {
        LOG.infof(
            "%d group(s) of %s left for the next run: %s remain, %s would not cover %s",
            groups.size() - i, table.name(), deadline.remaining(), expectedDuration(group), group);
        progress.commitPending();
        return result(table, runId, started, progress, groups.size() - i);
      }
      if (rewrite(table, group, runner)) {
        progress.pending.add(group);
      } else {
        progress.failed++;
      }
      if (progress.pending.size() >= config.groupsPerCommit()) {
        progress.commitPending();
      }
    }
    progress.commitPending();
    return result(table, runId, started, progress, 0);
  }

  /**
   * The groups rewritten and not yet committed, and what became of the others. Groups are committed
   * together, {@code groupsPerCommit} at a time (partial progress, as Spark's max-commits): a
   * commit per group would add a snapshot per partition to every sweep, and Iceberg writes every
   * snapshot into each new metadata file. When a joint commit fails validation (another writer
   * rewrote or deleted one group's files), each group is committed on its own, so only the group
   * that really conflicts fails.
   */
  private final class Progress {

    final Table table;
    final RewriteDataFilesCommitManager commits;
    final List<RewriteFileGroup> pending = new ArrayList<>();
    final Map<Map<String, ?>, PartitionRewrite> byPartition = new LinkedHashMap<>();
    int committed;
    int failed;
    int skipped;

    Progress(Table table, RewriteDataFilesCommitManager commits) {
      this.table = table;
      this.commits = commits;
    }

    void commitPending() {
      if (pending.isEmpty()) {
        return;
      }
      beforeGroupCommit.run();
      Set<RewriteFileGroup> batch = Set.copyOf(pending);
      pending.clear();
      if (batch.size() == 1) {
        commitOne(batch.iterator().next());
        return;
      }
      try {
        commits.commitFileGroups(batch);
        batch.forEach(this::done);
      } catch (ValidationException | CommitFailedException e) {
        LOG.warnf(
            "cannot commit %d groups of %s together (%s); committing each on its own",
            batch.size(), table.name(), e.getMessage());
        batch.forEach(this::commitOne);
      }
    }

    /**
     * Commits one group; when its files changed since the plan, its written files are deleted and
     * it counts as failed. A commit whose outcome is unknown is thrown: its files may be in the
     * table, so they must not be deleted, and the run's messages go back to learn the truth.
     */
    private void commitOne(RewriteFileGroup group) {
      try {
        commits.commitOrClean(Set.of(group));
        done(group);
      } catch (ValidationException | CommitFailedException e) {
        LOG.warnf(
            "cannot commit group %s of %s because its files changed since the plan (%s); its %d written file(s) were deleted",
            group, table.name(), e.getMessage(), group.addedFiles().size());
        failed++;
      }
    }

    private void done(RewriteFileGroup group) {
      committed++;
      PartitionRewrite rewrite = PartitionRewrite.of(group);
      byPartition.merge(rewrite.partition(), rewrite, PartitionRewrite::plus);
    }
  }

  /** The planner's groups on {@code start}, with the contract's sizes and the function's limit. */
  private List<RewriteFileGroup> plan(Table table, Snapshot start, MaintenanceSpec maintenance) {
    BinPackRewriteFilePlanner planner =
        new BinPackRewriteFilePlanner(table, Expressions.alwaysTrue(), start.snapshotId(), true);
    planner.init(
        Map.of(
            SizeBasedFileRewritePlanner.TARGET_FILE_SIZE_BYTES,
            Long.toString(maintenance.targetFileSizeBytes()),
            SizeBasedFileRewritePlanner.MIN_INPUT_FILES,
            Integer.toString(maintenance.minInputFiles()),
            SizeBasedFileRewritePlanner.MAX_FILE_GROUP_SIZE_BYTES,
            Long.toString(config.maxFileGroupSizeBytes())));
    FileRewritePlan<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> plan = planner.plan();
    List<RewriteFileGroup> groups = new ArrayList<>();
    try (CloseableIterable<RewriteFileGroup> planned = plan.groups()) {
      planned.forEach(groups::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan the compaction of " + table.name(), e);
    }
    LOG.infof(
        "%s at snapshot %d: %d group(s) to rewrite",
        table.name(), start.snapshotId(), groups.size());
    return groups;
  }

  /** Rewrites one group's files; false when the rewrite failed (the group is left as it was). */
  private static boolean rewrite(
      Table table,
      RewriteFileGroup group,
      FileRewriteRunner<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> runner) {
    try {
      group.setOutputFiles(runner.rewrite(group));
      return true;
    } catch (RuntimeException e) {
      LOG.warnf(e, "rewriting group %s of %s failed; it is left as it was", group, table.name());
      return false;
    }
  }

  private Duration expectedDuration(RewriteFileGroup group) {
    return Duration.ofMillis(group.inputFilesSizeInBytes() * 1000 / config.rewriteBytesPerSecond());
  }

  private static boolean hasDeletes(RewriteFileGroup group) {
    return group.fileScanTasks().stream().anyMatch(task -> !task.deletes().isEmpty());
  }

  private static Result result(
      Table table, String runId, Instant started, Progress progress, int deferred) {
    int committed = progress.committed;
    Long snapshotId = null;
    if (committed > 0) {
      table.refresh();
      snapshotId =
          MaintenanceSnapshots.newestOf(table, runId, DataOperations.REPLACE, started)
              .map(Snapshot::snapshotId)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "run %s committed %d group(s) to %s but none of its snapshots is an ancestor"
                              .formatted(runId, committed, table.name())));
    }
    return new Result(
        List.copyOf(progress.byPartition.values()),
        committed,
        progress.failed,
        deferred,
        progress.skipped,
        snapshotId);
  }
}
