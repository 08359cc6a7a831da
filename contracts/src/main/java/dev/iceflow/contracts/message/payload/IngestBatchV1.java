package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.time.Instant;
import java.util.List;

/**
 * {@code ingest.batch} v1: a batch of records for one dataset, inline, behind an S3 claim-check, or
 * a file dropped in the raw bucket (exactly one of the three).
 */
public record IngestBatchV1(
    String batchId,
    String contractVersion,
    List<JsonNode> records,
    ClaimCheck claimCheck,
    ObjectCreated objectCreated,
    Instant producedAt)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.INGEST_BATCH, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }

  public static IngestBatchV1 inline(String batchId, List<JsonNode> records) {
    return new IngestBatchV1(batchId, null, records, null, null, null);
  }

  public static IngestBatchV1 claimCheck(String batchId, ClaimCheck claimCheck) {
    return new IngestBatchV1(batchId, null, null, claimCheck, null, null);
  }

  public static IngestBatchV1 objectCreated(String batchId, ObjectCreated objectCreated) {
    return new IngestBatchV1(batchId, null, null, null, objectCreated, null);
  }

  public IngestBatchV1 withContractVersion(String version) {
    return new IngestBatchV1(batchId, version, records, claimCheck, objectCreated, producedAt);
  }

  public IngestBatchV1 withProducedAt(Instant time) {
    return new IngestBatchV1(batchId, contractVersion, records, claimCheck, objectCreated, time);
  }

  /** Records stored in S3 by the producer ({@code $defs/s3Records}). */
  public record ClaimCheck(
      String bucket, String key, String format, String compression, Integer recordCount) {}

  /**
   * An object dropped in the raw bucket, as its S3 ObjectCreated notification names it; {@code
   * versionId} only when the bucket is versioned (since 1.1).
   */
  public record ObjectCreated(
      String bucket, String key, Long size, String eTag, String sequencer, String versionId) {}
}
