package dev.iceflow.compaction.rewrite;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileWriterFactory;

/**
 * Parquet data writers of generic records for Iceberg's rolling and fanout writers, configured as
 * the table says (schema, compression, column metrics). Iceberg's own GenericFileWriterFactory is
 * package-private in 1.10, so this adapts the public GenericAppenderFactory, one per spec. A
 * rewrite of data files writes data files only: asking for a delete writer is a programming error.
 */
final class GenericDataWriterFactory implements FileWriterFactory<Record> {

  private final Table table;
  private final Map<Integer, GenericAppenderFactory> bySpec = new ConcurrentHashMap<>();

  GenericDataWriterFactory(Table table) {
    this.table = table;
  }

  @Override
  public DataWriter<Record> newDataWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    return bySpec
        .computeIfAbsent(spec.specId(), id -> appenders(spec))
        .newDataWriter(file, FileFormat.PARQUET, partition);
  }

  @Override
  public EqualityDeleteWriter<Record> newEqualityDeleteWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    throw new UnsupportedOperationException("a data file rewrite writes no equality deletes");
  }

  @Override
  public PositionDeleteWriter<Record> newPositionDeleteWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    throw new UnsupportedOperationException("a data file rewrite writes no position deletes");
  }

  private GenericAppenderFactory appenders(PartitionSpec spec) {
    // given the table, the writers take its properties (compression, row group size, metrics)
    // from it; passing them again is refused
    return new GenericAppenderFactory(table, table.schema(), spec, Map.of(), null, null, null);
  }
}
