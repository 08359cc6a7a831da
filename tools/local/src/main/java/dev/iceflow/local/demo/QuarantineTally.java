package dev.iceflow.local.demo;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Counts quarantined records (one NDJSON line each) in the quarantine bucket. Each object is read
 * once per version (its ETag): the demo polls while hundreds of batches land.
 */
final class QuarantineTally {

  private final S3Client s3;
  private final String bucket;
  private final Map<String, Long> linesByKeyAndEtag = new HashMap<>();

  QuarantineTally(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  long count() {
    long lines = 0;
    for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
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
        .count();
  }
}
