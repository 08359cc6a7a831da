package dev.iceflow.local.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Counts quarantined records (one NDJSON line each, carrying its batch id) in the quarantine
 * bucket, of the batches a filter keeps. Each object is read once per version (its ETag): callers
 * poll while hundreds of batches land.
 */
public final class QuarantineTally {

  /**
   * Quarantine objects are {@code <stage>/<dataset>/<batch id>.ndjson} (common's Quarantine.key).
   */
  private static final String QUARANTINE_SUFFIX = ".ndjson";

  private final S3Client s3;
  private final String bucket;
  private final Predicate<String> batches;
  private final Map<String, Long> linesByKeyAndEtag = new HashMap<>();

  /** Every quarantined record in {@code bucket}. */
  public QuarantineTally(S3Client s3, String bucket) {
    this(s3, bucket, batchId -> true);
  }

  /** The quarantined records in {@code bucket} whose batch id {@code batches} accepts. */
  public QuarantineTally(S3Client s3, String bucket, Predicate<String> batches) {
    this.s3 = s3;
    this.bucket = bucket;
    this.batches = batches;
  }

  public long count() {
    long lines = 0;
    for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
      if (!object.key().endsWith(QUARANTINE_SUFFIX)) {
        continue; // not quarantine: e.g. ops quarantine replay's markers, replays/<key>.json
      }
      lines +=
          linesByKeyAndEtag.computeIfAbsent(object.key() + "@" + object.eTag(), k -> read(object));
    }
    return lines;
  }

  private long read(S3Object object) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key()))
        .asUtf8String()
        .lines()
        .filter(l -> !l.isBlank())
        .filter(l -> batches.test(batchIdOf(l, object)))
        .count();
  }

  private static String batchIdOf(String line, S3Object object) {
    try {
      return EnvelopeCodec.mapper().readTree(line).path("batchId").asText();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "quarantine object %s holds a line that is not JSON: %s".formatted(object.key(), line),
          e);
    }
  }
}
