package dev.iceflow.validation.input;

import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.contracts.message.payload.IngestBatchV1.ClaimCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads the records an ingest.batch payload points at: inline, a claim-check, or a dropped file.
 */
public final class RecordSource {

  private final S3Client s3;

  public RecordSource(S3Client s3) {
    this.s3 = s3;
  }

  public List<RawRecord> read(IngestBatchV1 batch, DataContract contract) {
    if (batch.records() != null) {
      return RecordParser.inline(batch.records());
    }
    // CSV has only text: the contract's input fields type its cells
    Map<String, InputField> fields =
        contract.input().fields().stream()
            .collect(Collectors.toMap(InputField::name, Function.identity()));
    if (batch.claimCheck() != null) {
      ClaimCheck claim = batch.claimCheck();
      List<RawRecord> records =
          fromS3(
              claim.bucket(), claim.key(), RecordFormat.fromContractName(claim.format()), fields);
      if (claim.recordCount() != null && claim.recordCount() != records.size()) {
        throw new InvalidMessageException(
            "claim-check s3://%s/%s holds %d records, the message says %d"
                .formatted(claim.bucket(), claim.key(), records.size(), claim.recordCount()),
            List.of());
      }
      return records;
    }
    String key = batch.objectCreated().key();
    return fromS3(batch.objectCreated().bucket(), key, RecordFormat.fromFileName(key), fields);
  }

  private List<RawRecord> fromS3(
      String bucket, String key, RecordFormat format, Map<String, InputField> fields) {
    try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
      return new RecordParser(fields).parse(in, format);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read s3://%s/%s".formatted(bucket, key), e);
    }
  }
}
