package dev.iceflow.common.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.dataset.ReferenceSpec;
import dev.iceflow.contracts.message.payload.ObjectVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The versions of its reference objects a batch is checked against, fixed by its first attempt. The
 * first attempt writes the current versions to the batch's pin object with a conditional PUT
 * (If-None-Match: *, so of two concurrent first attempts exactly one pin is written); any later
 * attempt, refused because the pin exists, uses the versions in it. So a retried or redelivered
 * batch is classified exactly as its first attempt classified it, whatever changed in the reference
 * data since: no record is quarantined by one attempt and staged by the next. See <a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">S3
 * conditional writes</a> (atomic on AWS; the local emulator checks the condition without locking).
 */
public final class ReferencePins {

  private static final TypeReference<Map<String, ObjectVersion>> VERSIONS =
      new TypeReference<>() {};
  private static final int PRECONDITION_FAILED = 412; // the pin exists
  private static final int CONFLICT = 409; // a concurrent first attempt is writing it

  private final S3Client s3;
  private final String bucket;
  private final ReferenceTables tables;

  /**
   * @param bucket the staging bucket: pins live beside the staged records, under the same prefix
   *     (the one validation may write), and expire with them
   */
  public ReferencePins(S3Client s3, String bucket, ReferenceTables tables) {
    this.s3 = s3;
    this.bucket = bucket;
    this.tables = tables;
  }

  /** Where a batch's pin lives; the same batch always gets the same key. */
  public static String key(String dataset, String batchId) {
    return "validated/%s/%s.references.json".formatted(dataset, batchId);
  }

  /**
   * The version of each of {@code references} (by name) that batch {@code batchId} is checked
   * against: the pinned one, or the current one, pinned now. A reference the pin does not name (the
   * data contract gained it since) is read at its current version.
   */
  public Map<String, ObjectVersion> versions(
      String dataset, String batchId, Map<String, ReferenceSpec> references) {
    if (references.isEmpty()) {
      return Map.of();
    }
    Map<String, ObjectVersion> current = new TreeMap<>();
    references.forEach((name, spec) -> current.put(name, tables.currentVersion(spec)));
    String key = key(dataset, batchId);
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(key).ifNoneMatch("*").contentType("application/json"),
          RequestBody.fromBytes(json(current)));
      return current;
    } catch (S3Exception e) {
      if (e.statusCode() != PRECONDITION_FAILED && e.statusCode() != CONFLICT) {
        throw e;
      }
    }
    Map<String, ObjectVersion> pinned = read(key, batchId);
    Map<String, ObjectVersion> versions = new TreeMap<>(current);
    versions.putAll(pinned);
    versions.keySet().retainAll(references.keySet());
    return versions;
  }

  private Map<String, ObjectVersion> read(String key, String batchId) {
    try {
      return EnvelopeCodec.mapper()
          .readValue(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(), VERSIONS);
    } catch (S3Exception e) {
      throw new IllegalStateException(
          "batch %s's reference versions are pinned in s3://%s/%s by an earlier or concurrent"
                  .formatted(batchId, bucket, key)
              + " attempt, and cannot be read yet: "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "batch %s's reference pin s3://%s/%s is not readable".formatted(batchId, bucket, key), e);
    }
  }

  private static byte[] json(Map<String, ObjectVersion> versions) {
    try {
      return EnvelopeCodec.mapper().writeValueAsBytes(versions);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write reference versions " + versions, e);
    }
  }
}
