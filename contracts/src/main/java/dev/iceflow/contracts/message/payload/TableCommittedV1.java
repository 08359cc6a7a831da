package dev.iceflow.contracts.message.payload;

import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.time.Instant;
import java.util.List;

/** {@code table.committed} v1: a snapshot the commit stage made, with the batches it holds. */
public record TableCommittedV1(
    TableName table,
    long snapshotId,
    long sequenceNumber,
    String commitId,
    Instant committedAt,
    List<String> batchIds,
    long addedFiles,
    long addedRecords,
    long addedBytes,
    Instant earliestIngestTime,
    long freshnessMillis,
    Integer schemaId,
    Integer duplicatesDropped)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.TABLE_COMMITTED, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }
}
