package dev.iceflow.validation.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.contracts.dataset.InputField;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads the records an ingest.batch payload points at: inline, a claim-check, or a dropped file.
 */
public final class RecordSource {

  private final S3Client s3;

  public RecordSource(S3Client s3) {
    this.s3 = s3;
  }

  public List<RawRecord> read(JsonNode ingest, Map<String, InputField> fields) {
    if (ingest.has("records")) {
      return RecordParser.inline(ingest.get("records"));
    }
    if (ingest.has("claimCheck")) {
      JsonNode claim = ingest.get("claimCheck");
      List<RawRecord> records =
          fromS3(
              claim.get("bucket").asText(),
              claim.get("key").asText(),
              RecordFormat.fromContractName(claim.get("format").asText()),
              fields);
      if (claim.has("recordCount") && claim.get("recordCount").asInt() != records.size()) {
        throw new InvalidMessageException(
            "claim-check s3://%s/%s holds %d records, the message says %d"
                .formatted(
                    claim.get("bucket").asText(),
                    claim.get("key").asText(),
                    records.size(),
                    claim.get("recordCount").asInt()),
            List.of());
      }
      return records;
    }
    JsonNode object = ingest.get("objectCreated");
    String key = object.get("key").asText();
    return fromS3(object.get("bucket").asText(), key, RecordFormat.fromFileName(key), fields);
  }

  private List<RawRecord> fromS3(
      String bucket, String key, RecordFormat format, Map<String, InputField> fields) {
    try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
      return new RecordParser(fields).parse(in, format);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read s3://%s/%s".formatted(bucket, key), e);
    }
  }
}
