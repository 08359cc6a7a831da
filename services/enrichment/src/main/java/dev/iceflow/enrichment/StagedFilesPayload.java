package dev.iceflow.enrichment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;

/**
 * The datafiles.staged payload: everything the commit stage needs to rebuild each DataFile without
 * reading it (path, format, partition, counts, size, column metrics with Iceberg's single-value
 * binary bounds in base64).
 */
public final class StagedFilesPayload {

  private StagedFilesPayload() {}

  public static ObjectNode of(
      Table table,
      String namespace,
      String name,
      String batchId,
      String contractVersion,
      String attempt,
      Instant earliestIngestTime,
      List<DataFile> files) {
    ObjectNode data = EnvelopeCodec.mapper().createObjectNode().put("batchId", batchId);
    data.putObject("table").put("namespace", namespace).put("name", name);
    data.put("contractVersion", contractVersion)
        .put("schemaId", table.schema().schemaId())
        .put("specId", table.spec().specId())
        .put("recordCount", files.stream().mapToLong(DataFile::recordCount).sum())
        .put("earliestIngestTime", earliestIngestTime.toString())
        .put("attempt", attempt);
    ArrayNode array = data.putArray("files");
    for (DataFile file : files) {
      array.add(file(table.specs().get(file.specId()), file));
    }
    return data;
  }

  static ObjectNode file(PartitionSpec spec, DataFile file) {
    ObjectNode json =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("path", file.location())
            .put("format", file.format().name())
            .put("recordCount", file.recordCount())
            .put("fileSizeInBytes", file.fileSizeInBytes());
    ObjectNode partition = json.putObject("partition");
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      Object value = file.partition().get(i, Object.class);
      partition.putPOJO(fields.get(i).name(), value);
    }
    counts(json, "columnSizes", file.columnSizes());
    counts(json, "valueCounts", file.valueCounts());
    counts(json, "nullValueCounts", file.nullValueCounts());
    counts(json, "nanValueCounts", file.nanValueCounts());
    bounds(json, "lowerBounds", file.lowerBounds());
    bounds(json, "upperBounds", file.upperBounds());
    if (file.splitOffsets() != null) {
      ArrayNode offsets = json.putArray("splitOffsets");
      file.splitOffsets().forEach(offsets::add);
    }
    if (file.sortOrderId() != null) {
      json.put("sortOrderId", file.sortOrderId());
    }
    return json;
  }

  private static void counts(ObjectNode json, String name, Map<Integer, Long> counts) {
    if (counts != null && !counts.isEmpty()) {
      ObjectNode node = json.putObject(name);
      counts.forEach((id, count) -> node.put(Integer.toString(id), count));
    }
  }

  private static void bounds(ObjectNode json, String name, Map<Integer, ByteBuffer> bounds) {
    if (bounds != null && !bounds.isEmpty()) {
      ObjectNode node = json.putObject(name);
      bounds.forEach((id, buffer) -> node.put(Integer.toString(id), base64(buffer)));
    }
  }

  private static String base64(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
