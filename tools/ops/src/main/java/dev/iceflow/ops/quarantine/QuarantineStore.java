package dev.iceflow.ops.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.ops.OpsFailure;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The quarantine bucket: its quarantine objects and the replay markers beside them. */
final class QuarantineStore {

  private static final ObjectReader MARKER_READER =
      EnvelopeCodec.mapper().readerFor(ReplayMarker.class);
  private static final ObjectWriter MARKER_WRITER =
      EnvelopeCodec.mapper().writerFor(ReplayMarker.class).withDefaultPrettyPrinter();

  private final S3Client s3;
  private final String bucket;

  QuarantineStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  String bucket() {
    return bucket;
  }

  /** Every quarantine object's key (markers and strays left out), in key order. */
  List<QuarantineKey> keys() {
    return s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .filter(k -> !k.startsWith(ReplayMarker.PREFIX))
        .flatMap(k -> QuarantineKey.parse(k).stream())
        .toList();
  }

  QuarantinedBatch read(QuarantineKey key) {
    byte[] ndjson = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key.key())).asByteArray();
    try {
      return QuarantinedBatch.parse(key, ndjson);
    } catch (IllegalStateException e) {
      throw new OpsFailure("cannot read s3://%s/%s".formatted(bucket, key.key()), e);
    }
  }

  /** The object {@code key}, or a failure saying it is not in the bucket. */
  QuarantinedBatch require(String key) {
    QuarantineKey parsed =
        QuarantineKey.parse(key)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--object %s is no quarantine key (<stage>/<dataset>/<batch id>.ndjson)"
                            .formatted(key)));
    try {
      return read(parsed);
    } catch (NoSuchKeyException e) {
      throw new OpsFailure("no object %s in the quarantine bucket %s".formatted(key, bucket), e);
    }
  }

  ReplayMarker marker(String quarantineKey) {
    try {
      byte[] json =
          s3.getObjectAsBytes(r -> r.bucket(bucket).key(ReplayMarker.keyOf(quarantineKey)))
              .asByteArray();
      return MARKER_READER.readValue(json);
    } catch (NoSuchKeyException e) {
      return ReplayMarker.none(quarantineKey);
    } catch (java.io.IOException e) {
      throw new OpsFailure(
          "unreadable replay marker s3://%s/%s"
              .formatted(bucket, ReplayMarker.keyOf(quarantineKey)),
          e);
    }
  }

  void write(ReplayMarker marker) {
    try {
      byte[] json = MARKER_WRITER.writeValueAsBytes(marker);
      s3.putObject(
          r ->
              r.bucket(bucket)
                  .key(ReplayMarker.keyOf(marker.object()))
                  .contentType("application/json"),
          RequestBody.fromBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the replay marker could not be written as JSON", e);
    }
  }
}
