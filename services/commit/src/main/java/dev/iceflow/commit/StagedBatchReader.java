package dev.iceflow.commit;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.FilesClaimCheck;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.Payloads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads a datafiles.staged message of either major version, fetching a v2 file list from its S3
 * claim-check and refusing one whose bytes do not match the digest the message carries.
 */
@ApplicationScoped
public class StagedBatchReader {

  private static final ObjectReader FILE_LIST = Payloads.mapper().readerForListOf(StagedFile.class);

  private final EnvelopeCodec codec;
  private final S3Client s3;

  @Inject
  public StagedBatchReader(EnvelopeCodec codec, S3Client s3) {
    this.codec = codec;
    this.s3 = s3;
  }

  StagedBatch read(SQSMessage message) {
    return read(message.getMessageId(), codec.decode(SqsBody.unwrap(message.getBody())));
  }

  /** A decoded message as a staged batch, its file list fetched when it is in S3. */
  StagedBatch read(String messageId, Envelope envelope) {
    if (envelope.messageType() != MessageType.DATAFILES_STAGED) {
      throw new InvalidMessageException(
          "commit consumes datafiles.staged, not " + envelope.type(), List.of());
    }
    if (envelope.majorVersion() == DatafilesStagedV1.SCHEMA.major()) {
      DatafilesStagedV1 v1 = envelope.payload(DatafilesStagedV1.class);
      return new StagedBatch(
          messageId,
          envelope,
          v1.batchId(),
          v1.table(),
          v1.specId(),
          v1.earliestIngestTime(),
          new Fingerprint(v1.recordCount(), null),
          v1.files());
    }
    DatafilesStagedV2 v2 = envelope.payload(DatafilesStagedV2.class);
    return new StagedBatch(
        messageId,
        envelope,
        v2.batchId(),
        v2.table(),
        v2.specId(),
        v2.earliestIngestTime(),
        v2.fingerprint(),
        v2.files() != null ? v2.files() : fetch(v2.filesClaimCheck()));
  }

  private List<StagedFile> fetch(FilesClaimCheck claim) {
    byte[] bytes =
        s3.getObjectAsBytes(r -> r.bucket(claim.bucket()).key(claim.key())).asByteArray();
    String digest = Sha256.hex(bytes);
    if (!digest.equals(claim.sha256())) {
      throw new InvalidMessageException(
          "file list %s has SHA-256 %s, the message says %s"
              .formatted(claim.location(), digest, claim.sha256()),
          List.of());
    }
    try {
      List<StagedFile> files = FILE_LIST.readValue(bytes);
      if (files.size() != claim.fileCount()) {
        throw new InvalidMessageException(
            "file list %s holds %d files, the message says %d"
                .formatted(claim.location(), files.size(), claim.fileCount()),
            List.of());
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the file list " + claim.location(), e);
    }
  }
}
