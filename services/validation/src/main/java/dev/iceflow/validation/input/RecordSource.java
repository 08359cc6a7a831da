package dev.iceflow.validation.input;

import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.contracts.message.payload.IngestBatchV1.ClaimCheck;
import dev.iceflow.contracts.message.payload.IngestBatchV1.ObjectCreated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads the records an ingest.batch payload points at: inline, a claim-check, or a dropped file.
 */
public final class RecordSource {

  private static final int HTTP_PRECONDITION_FAILED = 412;
  private static final String NO_SUCH_VERSION = "NoSuchVersion";

  private final S3Client s3;

  public RecordSource(S3Client s3) {
    this.s3 = s3;
  }

  /** The batch's records, and the bytes they came as (see {@link BatchInput#bytes()}). */
  public BatchInput read(IngestBatchV1 batch, DataContract contract) {
    if (batch.records() != null) {
      return new BatchInput(
          RecordParser.inline(batch.records()), CompactJsonSize.of(batch.records()));
    }
    // CSV has only text: the contract's input fields type its cells
    Map<String, InputField> fields =
        contract.input().fields().stream()
            .collect(Collectors.toMap(InputField::name, Function.identity()));
    if (batch.claimCheck() != null) {
      ClaimCheck claim = batch.claimCheck();
      BatchInput input =
          fromS3(
              claim.bucket(), claim.key(), RecordFormat.fromContractName(claim.format()), fields);
      int records = input.records().size();
      if (claim.recordCount() != null && claim.recordCount() != records) {
        throw new InvalidMessageException(
            "claim-check s3://%s/%s holds %d records, the message says %d"
                .formatted(claim.bucket(), claim.key(), records, claim.recordCount()),
            List.of());
      }
      return input;
    }
    return fromDroppedObject(batch.objectCreated(), fields);
  }

  private BatchInput fromS3(
      String bucket, String key, RecordFormat format, Map<String, InputField> fields) {
    return parse(GetObjectRequest.builder().bucket(bucket).key(key).build(), format, fields);
  }

  /**
   * Reads exactly the object the notification names: its version when the bucket keeps versions,
   * otherwise the key on condition that its ETag is still the notified one (If-Match). Reading the
   * key alone would read whatever overwrote the object since (<a
   * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html">GetObject</a>
   * versionId, If-Match).
   */
  private BatchInput fromDroppedObject(ObjectCreated object, Map<String, InputField> fields) {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder()
            .bucket(object.bucket())
            .key(object.key())
            .versionId(object.versionId())
            .ifMatch(entityTag(object.eTag()));
    try {
      return parse(request.build(), RecordFormat.fromFileName(object.key()), fields);
    } catch (S3Exception e) {
      throw unavailable(object, e);
    }
  }

  /** The object's records; its size is the ContentLength S3 answers with, not a second read. */
  private BatchInput parse(
      GetObjectRequest request, RecordFormat format, Map<String, InputField> fields) {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request)) {
      return new BatchInput(
          new RecordParser(fields).parse(in, format), in.response().contentLength());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read s3://%s/%s".formatted(request.bucket(), request.key()), e);
    }
  }

  /** The notified object is gone or changed; other S3 failures stay what they are. */
  private static RuntimeException unavailable(ObjectCreated object, S3Exception e) {
    String where = "s3://%s/%s".formatted(object.bucket(), object.key());
    if (e.statusCode() == HTTP_PRECONDITION_FAILED) {
      return new DroppedObjectUnavailableException(
          "%s no longer has the notified ETag %s: it was overwritten after the notification and the bucket keeps no version of the notified content"
              .formatted(where, object.eTag()),
          e);
    }
    if (e instanceof NoSuchKeyException || NO_SUCH_VERSION.equals(errorCode(e))) {
      return new DroppedObjectUnavailableException(
          "%s%s no longer exists: it was deleted after the notification"
              .formatted(where, object.versionId() == null ? "" : " version " + object.versionId()),
          e);
    }
    return e;
  }

  /** Notifications carry the ETag bare; If-Match takes it as an HTTP entity tag, quoted. */
  private static String entityTag(String eTag) {
    return eTag == null || eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
