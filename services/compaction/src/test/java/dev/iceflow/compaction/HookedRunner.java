package dev.iceflow.compaction;

import dev.iceflow.compaction.rewrite.RewriteRunnerFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.actions.FileRewriteRunner;
import org.apache.iceberg.actions.RewriteDataFiles.FileGroupInfo;
import org.apache.iceberg.actions.RewriteFileGroup;

/**
 * The production runner, with test code run after a group is rewritten and before it is committed:
 * the moment another writer's commit makes the compaction's plan stale. Remembers what it wrote.
 */
final class HookedRunner
    implements FileRewriteRunner<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> {

  private final FileRewriteRunner<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> runner;
  private final Consumer<RewriteFileGroup> afterRewrite;
  private final Set<DataFile> written = new CopyOnWriteArraySet<>();

  private HookedRunner(
      FileRewriteRunner<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> runner,
      Consumer<RewriteFileGroup> afterRewrite) {
    this.runner = runner;
    this.afterRewrite = afterRewrite;
  }

  /** A factory of hooked generic runners; {@code runners[0]} receives the one it made. */
  static RewriteRunnerFactory around(Consumer<RewriteFileGroup> afterRewrite, HookedRunner[] made) {
    return (table, runId) -> {
      made[0] = new HookedRunner(RewriteRunnerFactory.GENERIC.create(table, runId), afterRewrite);
      return made[0];
    };
  }

  Set<DataFile> written() {
    return written;
  }

  @Override
  public Set<String> validOptions() {
    return runner.validOptions();
  }

  @Override
  public void init(Map<String, String> options) {
    runner.init(options);
  }

  @Override
  public Set<DataFile> rewrite(RewriteFileGroup group) {
    Set<DataFile> files = runner.rewrite(group);
    written.addAll(files);
    afterRewrite.accept(group);
    return files;
  }
}
