package dev.iceflow.compaction.rewrite;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.FileRewriteRunner;
import org.apache.iceberg.actions.RewriteDataFiles.FileGroupInfo;
import org.apache.iceberg.actions.RewriteFileGroup;

/** The runner that rewrites one run's file groups of a table. */
@FunctionalInterface
public interface RewriteRunnerFactory {

  /** Iceberg's generic Parquet runner: what production uses. */
  RewriteRunnerFactory GENERIC = GenericFileRewriteRunner::new;

  FileRewriteRunner<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> create(
      Table table, String runId);
}
