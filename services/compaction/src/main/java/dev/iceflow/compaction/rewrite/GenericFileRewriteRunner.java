package dev.iceflow.compaction.rewrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.actions.FileRewriteRunner;
import org.apache.iceberg.actions.RewriteDataFiles.FileGroupInfo;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PartitionUtil;
import org.jboss.logging.Logger;

/**
 * Rewrites one file group the way Spark's bin-pack runner does, without Spark: every row of the
 * group's Parquet files is read with Iceberg's generic reader (in the table's current schema) and
 * written into new Parquet files of the group's output spec, rolling at the size the planner chose.
 * The written files are returned uncommitted; the commit manager commits or deletes them.
 *
 * <p>Rows are read without applying delete files: a group with deletes is refused, because its
 * deleted rows would come back. The pipeline's tables are append-only, so the caller skips such
 * groups before they get here.
 */
public final class GenericFileRewriteRunner
    implements FileRewriteRunner<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> {

  private static final Logger LOG = Logger.getLogger(GenericFileRewriteRunner.class);

  /** The writers' task id: one invocation writes each group once, in one thread. */
  private static final long TASK_ID = 0;

  private final Table table;
  private final String runId;

  /**
   * @param runId names the files this run writes (Iceberg's operation id), so that no two runs'
   *     files can collide and a run's files are found by name
   */
  public GenericFileRewriteRunner(Table table, String runId) {
    this.table = table;
    this.runId = runId;
  }

  @Override
  public String description() {
    return "generic-parquet-bin-pack";
  }

  @Override
  public Set<String> validOptions() {
    return Set.of();
  }

  @Override
  public void init(Map<String, String> options) {
    // no options: the group carries the output spec and file size the planner chose
  }

  @Override
  public Set<DataFile> rewrite(RewriteFileGroup group) {
    refuseDeletes(group);
    Schema schema = table.schema();
    PartitionSpec spec = table.specs().get(group.outputSpecId());
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, group.info().globalIndex(), TASK_ID)
            .format(FileFormat.PARQUET)
            .operationId(runId)
            .build();
    FanoutDataWriter<Record> writer =
        new FanoutDataWriter<>(
            new GenericDataWriterFactory(table), files, table.io(), group.maxOutputFileSize());
    PartitionKey partition = new PartitionKey(spec, schema);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    try {
      for (FileScanTask task : group.fileScanTasks()) {
        try (CloseableIterable<Record> rows = read(task, schema)) {
          for (Record row : rows) {
            partition.partition(wrapper.wrap(row));
            writer.write(row, spec, spec.isUnpartitioned() ? null : partition);
          }
        }
      }
      writer.close();
    } catch (IOException e) {
      abort(writer, e);
      throw new UncheckedIOException("cannot rewrite " + group, e);
    } catch (RuntimeException e) {
      abort(writer, e);
      throw e;
    }
    return Set.copyOf(writer.result().dataFiles());
  }

  private CloseableIterable<Record> read(FileScanTask task, Schema schema) {
    DataFile file = task.file();
    if (file.format() != FileFormat.PARQUET) {
      throw new UnsupportedOperationException(
          "%s is %s: this runner reads Parquet only".formatted(file.location(), file.format()));
    }
    // identity partition values and metadata columns come from the task, as Iceberg's readers do
    Map<Integer, ?> constants =
        PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
    Parquet.ReadBuilder read =
        Parquet.read(table.io().newInputFile(file))
            .project(schema)
            .split(task.start(), task.length())
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema, constants));
    String nameMapping = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    if (nameMapping != null) {
      // files written without field ids (imported) are read by column name
      read.withNameMapping(NameMappingParser.fromJson(nameMapping));
    }
    return read.build();
  }

  private static void refuseDeletes(RewriteFileGroup group) {
    for (FileScanTask task : group.fileScanTasks()) {
      if (!task.deletes().isEmpty()) {
        throw new UnsupportedOperationException(
            "%s has %d delete file(s): this runner does not apply deletes, so it does not rewrite it"
                .formatted(task.file().location(), task.deletes().size()));
      }
    }
  }

  /** Deletes what the failed rewrite wrote; what it cannot find is left to orphan removal. */
  private void abort(FanoutDataWriter<Record> writer, Exception cause) {
    try {
      writer.close();
      for (DataFile written : writer.result().dataFiles()) {
        table.io().deleteFile(written.location());
      }
    } catch (IOException | RuntimeException cleanup) {
      cause.addSuppressed(cleanup);
      LOG.warnf(cleanup, "could not delete every file a failed rewrite wrote; orphan removal will");
    }
  }
}
