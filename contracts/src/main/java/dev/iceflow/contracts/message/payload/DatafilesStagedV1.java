package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code datafiles.staged} v1: the Parquet files one batch's enrichment wrote into a table's
 * location, uncommitted, with everything the commit stage needs to add them without reading them.
 */
public record DatafilesStagedV1(
    String batchId,
    TableName table,
    String contractVersion,
    Integer schemaId,
    int specId,
    long recordCount,
    Instant earliestIngestTime,
    String attempt,
    List<StagedFile> files)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.DATAFILES_STAGED, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }

  /**
   * One data file ({@code $defs/dataFile}): metrics keyed by Iceberg field id, bounds in Iceberg's
   * single-value binary form (base64 on the wire), partition values by partition field name.
   */
  public record StagedFile(
      String path,
      String format,
      Map<String, JsonNode> partition,
      long recordCount,
      long fileSizeInBytes,
      Map<Integer, Long> columnSizes,
      Map<Integer, Long> valueCounts,
      Map<Integer, Long> nullValueCounts,
      Map<Integer, Long> nanValueCounts,
      Map<Integer, byte[]> lowerBounds,
      Map<Integer, byte[]> upperBounds,
      List<Long> splitOffsets,
      Integer sortOrderId) {}
}
