package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code table.compacted} v1: what one maintenance run did to a table. */
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
    String trigger,
    Instant completedAt)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.TABLE_COMPACTED, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }
}
