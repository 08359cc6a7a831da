package dev.iceflow.e2e;

import dev.iceflow.contracts.iam.PolicyDocument;
import dev.iceflow.contracts.iam.PolicyStatement;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.PlatformOptions;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The held and release markers of one packaged function's fault point (see common's FaultPoints): a
 * test arms the point in the function's environment, then holds the function there to force an
 * interleaving, and releases it.
 */
final class FaultMarkers {

  private static final String HOLD_AT = "ICEFLOW_FAULTS_HOLD_AT";
  private static final String HOLD_BUCKET = "ICEFLOW_FAULTS_BUCKET";
  private static final String HOLD_PREFIX = "ICEFLOW_FAULTS_PREFIX";

  private final LocalAws aws;
  private final String bucket;
  private final String prefix;
  private final String point;
  private final S3Client s3;

  FaultMarkers(LocalAws aws, String prefix, String point) {
    this.aws = aws;
    this.s3 = aws.clients().s3();
    this.bucket = aws.provisioned().bucket("staging");
    this.prefix = prefix;
    this.point = point;
  }

  /**
   * {@code options} with the point armed in {@code function}'s environment, and the function
   * allowed to write and read the markers, which its own policy does not grant.
   */
  PlatformOptions armedIn(PlatformOptions options, String function) {
    String markers = "arn:aws:s3:::%s/%s*".formatted(bucket, prefix);
    aws.allowForTests(
        function,
        "fault-markers",
        PolicyDocument.of(
            List.of(
                PolicyStatement.allow(
                    "FaultMarkers", List.of("s3:PutObject", "s3:GetObject"), List.of(markers)),
                PolicyStatement.allow(
                    "FaultMarkersBucket",
                    List.of("s3:ListBucket"),
                    List.of("arn:aws:s3:::" + bucket)))));
    return options
        .withEnvironment(function, HOLD_AT, point)
        .withEnvironment(function, HOLD_BUCKET, bucket)
        .withEnvironment(function, HOLD_PREFIX, prefix);
  }

  boolean held() {
    try {
      s3.headObject(r -> r.bucket(bucket).key(prefix + point + ".held"));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  void release() {
    s3.putObject(r -> r.bucket(bucket).key(prefix + point + ".release"), RequestBody.empty());
  }

  /** The next time the function reaches the point, it waits again. */
  void hold() {
    s3.deleteObject(r -> r.bucket(bucket).key(prefix + point + ".release"));
    s3.deleteObject(r -> r.bucket(bucket).key(prefix + point + ".held"));
  }
}
