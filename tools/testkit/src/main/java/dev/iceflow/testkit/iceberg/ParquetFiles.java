package dev.iceflow.testkit.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;

/** For tests: writes one Parquet data file of one partition through Iceberg's API, uncommitted. */
public final class ParquetFiles {

  private ParquetFiles() {}

  public static DataFile write(Table table, List<Record> rows) {
    return write(table, table.schema(), rows);
  }

  /** Rows that follow {@code schema}, which may be ahead of the table's (new optional columns). */
  public static DataFile write(Table table, Schema schema, List<Record> rows) {
    PartitionKey partition = new PartitionKey(table.spec(), schema);
    partition.partition(new InternalRecordWrapper(schema.asStruct()).wrap(rows.get(0)));
    String fileName = FileFormat.PARQUET.addExtension(UUID.randomUUID().toString());
    OutputFile file =
        table
            .io()
            .newOutputFile(
                table.locationProvider().newDataLocation(table.spec(), partition, fileName));
    GenericAppenderFactory appenders = new GenericAppenderFactory(schema, table.spec());
    appenders.setAll(table.properties());
    DataWriter<Record> writer =
        appenders.newDataWriter(
            EncryptedFiles.plainAsEncryptedOutput(file), FileFormat.PARQUET, partition);
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }
}
