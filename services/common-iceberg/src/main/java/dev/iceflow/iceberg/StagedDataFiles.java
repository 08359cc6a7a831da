package dev.iceflow.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.Payloads;
import dev.iceflow.contracts.message.payload.TableName;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;

/**
 * The datafiles.staged payload in both directions. Enrichment writes everything the commit stage
 * needs to rebuild each DataFile without reading it (path, format, partition, counts, size, column
 * metrics with Iceberg's single-value binary bounds); commit rebuilds the DataFile.
 */
public final class StagedDataFiles {

  private StagedDataFiles() {}

  /** The payload announcing {@code files}, written for one batch in one attempt. */
  public static DatafilesStagedV2 payload(
      Table table,
      TableName name,
      String batchId,
      String contractVersion,
      String attempt,
      Instant earliestIngestTime,
      Fingerprint fingerprint,
      List<DataFile> files) {
    return new DatafilesStagedV2(
        batchId,
        name,
        contractVersion,
        table.schema().schemaId(),
        writtenWithSpec(files),
        files.stream().mapToLong(DataFile::recordCount).sum(),
        earliestIngestTime,
        attempt,
        files.stream().map(f -> toStagedFile(table.specs().get(f.specId()), f)).toList(),
        fingerprint,
        null);
  }

  /** The one partition spec the files were written with: the payload states it for all. */
  private static int writtenWithSpec(List<DataFile> files) {
    List<Integer> specIds = files.stream().map(DataFile::specId).distinct().toList();
    if (specIds.size() != 1) {
      throw new IllegalArgumentException(
          "one datafiles.staged message announces files of one partition spec, not of %s"
              .formatted(specIds));
    }
    return specIds.get(0);
  }

  public static StagedFile toStagedFile(PartitionSpec spec, DataFile file) {
    Map<String, JsonNode> partition = new LinkedHashMap<>();
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      partition.put(
          fields.get(i).name(),
          Payloads.mapper().valueToTree(file.partition().get(i, Object.class)));
    }
    return new StagedFile(
        file.location(),
        file.format().name(),
        partition,
        file.recordCount(),
        file.fileSizeInBytes(),
        nonEmpty(file.columnSizes()),
        nonEmpty(file.valueCounts()),
        nonEmpty(file.nullValueCounts()),
        nonEmpty(file.nanValueCounts()),
        bytes(file.lowerBounds()),
        bytes(file.upperBounds()),
        file.splitOffsets(),
        file.sortOrderId());
  }

  /**
   * Rebuilds the DataFile a staged file entry describes, for the partition spec it was written with
   * (the payload's {@code specId}): the table's spec may have changed since, and the file's
   * partition values mean what they meant under its own spec.
   */
  public static DataFile toDataFile(Table table, int specId, StagedFile staged) {
    PartitionSpec spec = table.specs().get(specId);
    if (spec == null) {
      throw new IllegalArgumentException(
          "staged file %s was written with partition spec %d, which table %s does not have (it has %s)"
              .formatted(staged.path(), specId, table.name(), table.specs().keySet()));
    }
    DataFiles.Builder builder =
        DataFiles.builder(spec)
            .withPath(staged.path())
            .withFormat(FileFormat.fromString(staged.format()))
            .withFileSizeInBytes(staged.fileSizeInBytes())
            .withPartition(partition(spec, staged.partition()))
            .withMetrics(
                new Metrics(
                    staged.recordCount(),
                    staged.columnSizes(),
                    staged.valueCounts(),
                    staged.nullValueCounts(),
                    staged.nanValueCounts(),
                    buffers(staged.lowerBounds()),
                    buffers(staged.upperBounds())));
    if (staged.splitOffsets() != null) {
      builder.withSplitOffsets(staged.splitOffsets());
    }
    if (staged.sortOrderId() != null && table.sortOrders().containsKey(staged.sortOrderId())) {
      builder.withSortOrder(table.sortOrders().get(staged.sortOrderId()));
    }
    return builder.build();
  }

  private static PartitionData partition(PartitionSpec spec, Map<String, JsonNode> values) {
    PartitionData data = new PartitionData(spec.partitionType());
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      JsonNode value = values == null ? null : values.get(fields.get(i).name());
      if (value == null) {
        throw new IllegalArgumentException(
            "staged file has no value for partition field " + fields.get(i).name());
      }
      data.set(i, partitionValue(spec.partitionType().fields().get(i).type(), value));
    }
    return data;
  }

  private static Object partitionValue(Type type, JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    return switch (type.typeId()) {
      case INTEGER, DATE -> value.asInt();
      case LONG, TIMESTAMP, TIME -> value.asLong();
      case BOOLEAN -> value.asBoolean();
      case FLOAT -> (float) value.asDouble();
      case DOUBLE -> value.asDouble();
      case STRING -> value.asText();
      default ->
          throw new IllegalArgumentException(
              "partition values of type %s are not supported".formatted(type));
    };
  }

  private static <V> Map<Integer, V> nonEmpty(Map<Integer, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  private static Map<Integer, byte[]> bytes(Map<Integer, ByteBuffer> bounds) {
    return bounds == null || bounds.isEmpty()
        ? null
        : bounds.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> toArray(e.getValue())));
  }

  private static Map<Integer, ByteBuffer> buffers(Map<Integer, byte[]> bounds) {
    return bounds == null
        ? null
        : bounds.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> ByteBuffer.wrap(e.getValue())));
  }

  private static byte[] toArray(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
