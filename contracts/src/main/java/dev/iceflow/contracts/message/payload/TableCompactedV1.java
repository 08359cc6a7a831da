package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code table.compacted} v1: what one maintenance run did to a table. The fields from {@code
 * orphanFilesFound} to {@code durationMs} came with 1.1 and are null in 1.0 messages.
 */
public record TableCompactedV1(
    TableName table,
    Long snapshotId,
    int rewrittenFiles,
    int addedFiles,
    long rewrittenBytes,
    long addedBytes,
    List<Map<String, JsonNode>> partitions,
    int expiredSnapshots,
    int orphanFilesRemoved,
    Integer orphanFilesFound,
    String maintainedBy,
    List<PartitionReport> partitionReports,
    Integer manifestsBefore,
    Integer manifestsAfter,
    Integer failedGroups,
    Long durationMs,
    String trigger,
    Instant completedAt)
    implements Payload {

  /** What started a run ({@code trigger}). */
  public static final String TRIGGER_COMMITTED = "table.committed";

  public static final String TRIGGER_SCHEDULE = "schedule";
  public static final String TRIGGER_MANUAL = "manual";

  /** What a rewrite did to one partition (since 1.1). */
  public record PartitionReport(
      Map<String, JsonNode> partition,
      int filesBefore,
      int filesAfter,
      long bytesBefore,
      long bytesAfter) {}

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.TABLE_COMPACTED, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }
}
