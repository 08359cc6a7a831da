package dev.iceflow.enrichment;

import dev.iceflow.common.staging.StagedRecords;
import dev.iceflow.contracts.message.payload.BatchValidatedV1;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads the valid records validation staged for a batch, checking that none went missing. */
@ApplicationScoped
public class StagedRecordReader {

  private final S3Client s3;

  @Inject
  public StagedRecordReader(S3Client s3) {
    this.s3 = s3;
  }

  /** The staged records, with their digest (the batch's content fingerprint). */
  public StagedRecords.Content read(BatchValidatedV1.StagedRecords staged) {
    StagedRecords.Content content;
    try (InputStream in = s3.getObject(r -> r.bucket(staged.bucket()).key(staged.key()))) {
      content = StagedRecords.readWithDigest(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read staged records " + staged.location(), e);
    }
    if (content.records().size() != staged.recordCount()) {
      throw new IllegalStateException(
          "%s holds %d records, batch.validated says %d"
              .formatted(staged.location(), content.records().size(), staged.recordCount()));
    }
    return content;
  }
}
