package dev.iceflow.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 * metrics with Iceberg's single-value binary bounds in base64); commit rebuilds the DataFile.
 */
public final class StagedDataFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StagedDataFiles() {}

  /** The payload announcing {@code files}, written for one batch in one attempt. */
  public static ObjectNode payload(
      Table table,
      String namespace,
      String name,
      String batchId,
      String contractVersion,
      String attempt,
      Instant earliestIngestTime,
      List<DataFile> files) {
    ObjectNode data = JSON.createObjectNode().put("batchId", batchId);
    data.putObject("table").put("namespace", namespace).put("name", name);
    data.put("contractVersion", contractVersion)
        .put("schemaId", table.schema().schemaId())
        .put("specId", table.spec().specId())
        .put("recordCount", files.stream().mapToLong(DataFile::recordCount).sum())
        .put("earliestIngestTime", earliestIngestTime.toString())
        .put("attempt", attempt);
    ArrayNode array = data.putArray("files");
    for (DataFile file : files) {
      array.add(toJson(table.specs().get(file.specId()), file));
    }
    return data;
  }

  public static ObjectNode toJson(PartitionSpec spec, DataFile file) {
    ObjectNode json =
        JSON.createObjectNode()
            .put("path", file.location())
            .put("format", file.format().name())
            .put("recordCount", file.recordCount())
            .put("fileSizeInBytes", file.fileSizeInBytes());
    ObjectNode partition = json.putObject("partition");
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      partition.putPOJO(fields.get(i).name(), file.partition().get(i, Object.class));
    }
    putCounts(json, "columnSizes", file.columnSizes());
    putCounts(json, "valueCounts", file.valueCounts());
    putCounts(json, "nullValueCounts", file.nullValueCounts());
    putCounts(json, "nanValueCounts", file.nanValueCounts());
    putBounds(json, "lowerBounds", file.lowerBounds());
    putBounds(json, "upperBounds", file.upperBounds());
    if (file.splitOffsets() != null) {
      ArrayNode offsets = json.putArray("splitOffsets");
      file.splitOffsets().forEach(offsets::add);
    }
    if (file.sortOrderId() != null) {
      json.put("sortOrderId", file.sortOrderId());
    }
    return json;
  }

  /** Rebuilds the DataFile a staged file entry describes, for the table's spec. */
  public static DataFile fromJson(Table table, JsonNode json) {
    PartitionSpec spec = table.spec();
    DataFiles.Builder builder =
        DataFiles.builder(spec)
            .withPath(json.get("path").asText())
            .withFormat(FileFormat.fromString(json.get("format").asText()))
            .withFileSizeInBytes(json.get("fileSizeInBytes").asLong())
            .withPartition(partition(spec, json.get("partition")))
            .withMetrics(
                new Metrics(
                    json.get("recordCount").asLong(),
                    counts(json.get("columnSizes")),
                    counts(json.get("valueCounts")),
                    counts(json.get("nullValueCounts")),
                    counts(json.get("nanValueCounts")),
                    bounds(json.get("lowerBounds")),
                    bounds(json.get("upperBounds"))));
    if (json.has("splitOffsets")) {
      List<Long> offsets = new ArrayList<>();
      json.get("splitOffsets").forEach(o -> offsets.add(o.asLong()));
      builder.withSplitOffsets(offsets);
    }
    if (json.has("sortOrderId")
        && table.sortOrders().containsKey(json.get("sortOrderId").asInt())) {
      builder.withSortOrder(table.sortOrders().get(json.get("sortOrderId").asInt()));
    }
    return builder.build();
  }

  private static PartitionData partition(PartitionSpec spec, JsonNode values) {
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

  private static void putCounts(ObjectNode json, String name, Map<Integer, Long> counts) {
    if (counts != null && !counts.isEmpty()) {
      ObjectNode node = json.putObject(name);
      counts.forEach((id, count) -> node.put(Integer.toString(id), count));
    }
  }

  private static void putBounds(ObjectNode json, String name, Map<Integer, ByteBuffer> bounds) {
    if (bounds != null && !bounds.isEmpty()) {
      ObjectNode node = json.putObject(name);
      bounds.forEach((id, buffer) -> node.put(Integer.toString(id), base64(buffer)));
    }
  }

  private static Map<Integer, Long> counts(JsonNode node) {
    if (node == null) {
      return null;
    }
    Map<Integer, Long> counts = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      counts.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
    }
    return counts;
  }

  private static Map<Integer, ByteBuffer> bounds(JsonNode node) {
    if (node == null) {
      return null;
    }
    Map<Integer, ByteBuffer> bounds = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      bounds.put(
          Integer.parseInt(e.getKey()),
          ByteBuffer.wrap(Base64.getDecoder().decode(e.getValue().asText())));
    }
    return bounds;
  }

  private static String base64(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
