package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.time.Instant;
import java.util.Map;

/**
 * {@code batch.validated} v1: a batch's valid records, staged for enrichment, with the version of
 * each reference object they were validated with (since 1.1; null when the contract has none) and
 * the size of the input as received (since 1.2; null from earlier producers).
 */
public record BatchValidatedV1(
    String batchId,
    String contractVersion,
    int inputRecords,
    int validRecords,
    int rejectedRecords,
    Long inputBytes,
    StagedRecords staged,
    S3Location quarantine,
    Instant earliestIngestTime,
    Integer inputAttempt,
    Map<String, ObjectVersion> referenceVersions)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.BATCH_VALIDATED, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }

  /** The staged valid records ({@code $defs/stagedRecords}). */
  public record StagedRecords(
      String bucket, String key, String format, String compression, int recordCount) {

    @JsonIgnore
    public S3Location location() {
      return new S3Location(bucket, key);
    }
  }
}
