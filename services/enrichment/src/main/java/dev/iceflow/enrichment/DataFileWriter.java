package dev.iceflow.enrichment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.PartitionedFanoutWriter;
import org.apache.iceberg.io.WriteResult;

/**
 * Writes rows as Parquet data files into the table's location, one or more per partition, through
 * Iceberg's writers (so file layout, metrics and the table's write properties are Iceberg's own).
 * Nothing is committed. File names carry the operation id (batch id + attempt), so a retry never
 * overwrites a file an earlier attempt may already have had committed.
 */
public final class DataFileWriter {

  private DataFileWriter() {}

  /**
   * @param schema the schema the rows follow: the data contract's, which may be ahead of the
   *     table's (new optional columns); the commit stage evolves the table in the same transaction
   *     that adds these files, and field ids make the columns line up.
   */
  public static List<DataFile> write(
      Table table, Schema schema, String operationId, List<Record> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    GenericAppenderFactory appenders = new GenericAppenderFactory(schema, table.spec());
    appenders.setAll(table.properties());
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 0, 0)
            .format(FileFormat.PARQUET)
            .operationId(operationId)
            .build();
    long targetFileSize =
        Long.parseLong(
            table
                .properties()
                .getOrDefault(
                    TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                    Long.toString(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT)));
    PartitionKey key = new PartitionKey(table.spec(), schema);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    PartitionedFanoutWriter<Record> writer =
        new PartitionedFanoutWriter<>(
            table.spec(), FileFormat.PARQUET, appenders, files, table.io(), targetFileSize) {
          @Override
          protected PartitionKey partition(Record row) {
            key.partition(wrapper.wrap(row));
            return key;
          }
        };
    try {
      for (Record row : rows) {
        writer.write(row);
      }
      WriteResult result = writer.complete();
      return Arrays.asList(result.dataFiles());
    } catch (IOException e) {
      try {
        writer.abort();
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new UncheckedIOException("cannot write data files for " + operationId, e);
    }
  }
}
