package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import java.time.Instant;
import java.util.List;

/**
 * {@code datafiles.staged} v2: as v1, plus the batch's content fingerprint, and the file list
 * either inline ({@code files}) or, when it does not fit in one SNS message, in S3 ({@code
 * filesClaimCheck}).
 */
public record DatafilesStagedV2(
    String batchId,
    TableName table,
    String contractVersion,
    Integer schemaId,
    int specId,
    long recordCount,
    Instant earliestIngestTime,
    String attempt,
    List<StagedFile> files,
    Fingerprint fingerprint,
    FilesClaimCheck filesClaimCheck)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.DATAFILES_STAGED, 2);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }

  /** The same message with its file list moved to {@code claimCheck}. */
  public DatafilesStagedV2 withFilesIn(FilesClaimCheck claimCheck) {
    return new DatafilesStagedV2(
        batchId,
        table,
        contractVersion,
        schemaId,
        specId,
        recordCount,
        earliestIngestTime,
        attempt,
        null,
        fingerprint,
        claimCheck);
  }

  /** Record count and SHA-256 of a batch's valid records. */
  public record Fingerprint(long records, String sha256) {}

  /** An S3 object holding the JSON array of the batch's file entries. */
  public record FilesClaimCheck(String bucket, String key, int fileCount, String sha256) {

    @JsonIgnore
    public S3Location location() {
      return new S3Location(bucket, key);
    }
  }
}
