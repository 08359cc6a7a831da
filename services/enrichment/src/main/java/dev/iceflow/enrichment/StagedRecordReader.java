package dev.iceflow.enrichment;

import dev.iceflow.common.staging.StagedRecord;
import dev.iceflow.common.staging.StagedRecords;
import dev.iceflow.contracts.message.payload.BatchValidatedV1;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads the valid records validation staged for a batch, checking that none went missing. */
@ApplicationScoped
public class StagedRecordReader {

  private final S3Client s3;

  @Inject
  public StagedRecordReader(S3Client s3) {
    this.s3 = s3;
  }

  public List<StagedRecord> read(BatchValidatedV1.StagedRecords staged) {
    List<StagedRecord> records;
    try (InputStream in = s3.getObject(r -> r.bucket(staged.bucket()).key(staged.key()))) {
      records = StagedRecords.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read staged records " + staged.location(), e);
    }
    if (records.size() != staged.recordCount()) {
      throw new IllegalStateException(
          "%s holds %d records, batch.validated says %d"
              .formatted(staged.location(), records.size(), staged.recordCount()));
    }
    return records;
  }
}
