package dev.iceflow.validation.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.validation.rules.Classification;
import java.time.Instant;

/** Builds the payloads of batch.validated and records.rejected. Pure. */
public final class ValidationPayloads {

  /** Stage name in records.rejected and in quarantine lines. */
  public static final String STAGE = "validation";

  private ValidationPayloads() {}

  public static ObjectNode batchValidated(
      String batchId,
      String contractVersion,
      Classification c,
      S3Location staged,
      S3Location quarantine,
      Instant earliestIngestTime) {
    ObjectNode data =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("batchId", batchId)
            .put("contractVersion", contractVersion)
            .put("inputRecords", c.inputRecords())
            .put("validRecords", c.valid().size())
            .put("rejectedRecords", c.rejected().size());
    data.putObject("staged")
        .put("bucket", staged.bucket())
        .put("key", staged.key())
        .put("format", "ndjson")
        .put("compression", "gzip")
        .put("recordCount", c.valid().size());
    if (quarantine != null) {
      data.putObject("quarantine").put("bucket", quarantine.bucket()).put("key", quarantine.key());
    }
    data.put("earliestIngestTime", earliestIngestTime.toString());
    return data;
  }

  /** An S3 object's place. */
  public record S3Location(String bucket, String key) {}
}
