package dev.iceflow.local.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/** Writes one Parquet data file of one partition through Iceberg's API, without committing it. */
final class ParquetFiles {

  private ParquetFiles() {}

  static DataFile write(Table table, List<Record> rows) {
    PartitionKey partition = new PartitionKey(table.spec(), table.schema());
    partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(rows.get(0)));
    String fileName = FileFormat.PARQUET.addExtension(UUID.randomUUID().toString());
    OutputFile file =
        table
            .io()
            .newOutputFile(
                table.locationProvider().newDataLocation(table.spec(), partition, fileName));
    DataWriter<Record> writer;
    try {
      writer =
          Parquet.writeData(file)
              .schema(table.schema())
              .createWriterFunc(GenericParquetWriter::create)
              .withSpec(table.spec())
              .withPartition(partition)
              .setAll(table.properties())
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }
}
