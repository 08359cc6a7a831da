package dev.iceflow.local.provision;

import dev.iceflow.contracts.topology.BucketNotificationSpec;
import dev.iceflow.contracts.topology.BucketSpec;
import dev.iceflow.contracts.topology.LifecycleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Buckets as a security review expects them: SSE-KMS with a bucket key, public access blocked,
 * TLS-only policy, versioning and lifecycle from the topology, and event notifications.
 */
final class BucketProvisioning {

  private static final String PREFIX_RULE = "prefix";

  private final S3Client s3;
  private final boolean tlsOnly;

  /**
   * @param tlsOnly attach the TLS-only bucket policy. Off only for an emulator on plain-HTTP
   *     loopback: moto evaluates bucket policies, so the policy would deny every request there.
   */
  BucketProvisioning(S3Client s3, boolean tlsOnly) {
    this.s3 = s3;
    this.tlsOnly = tlsOnly;
  }

  void ensureBucket(String name, BucketSpec spec, String kmsKeyArn) {
    try {
      s3.createBucket(r -> r.bucket(name));
    } catch (BucketAlreadyOwnedByYouException alreadyThere) {
      // provisioning is idempotent: settings below are re-applied
    }
    s3.putBucketEncryption(
        r ->
            r.bucket(name)
                .serverSideEncryptionConfiguration(
                    c ->
                        c.rules(
                            rule ->
                                rule.bucketKeyEnabled(true)
                                    .applyServerSideEncryptionByDefault(
                                        d ->
                                            d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                                                .kmsMasterKeyID(kmsKeyArn)))));
    s3.putPublicAccessBlock(
        r ->
            r.bucket(name)
                .publicAccessBlockConfiguration(
                    c ->
                        c.blockPublicAcls(true)
                            .blockPublicPolicy(true)
                            .ignorePublicAcls(true)
                            .restrictPublicBuckets(true)));
    if (tlsOnly) {
      s3.putBucketPolicy(r -> r.bucket(name).policy(tlsOnlyPolicy(name)));
    }
    if (spec.versioning()) {
      s3.putBucketVersioning(
          r ->
              r.bucket(name)
                  .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    lifecycleRule(spec.lifecycle())
        .ifPresent(
            rule ->
                s3.putBucketLifecycleConfiguration(
                    r ->
                        r.bucket(name)
                            .lifecycleConfiguration(
                                BucketLifecycleConfiguration.builder().rules(rule).build())));
  }

  void ensureNotifications(
      String bucket, List<BucketNotificationSpec> notifications, Map<String, String> queueArns) {
    if (notifications.isEmpty()) {
      return;
    }
    List<QueueConfiguration> configurations = new ArrayList<>();
    for (BucketNotificationSpec n : notifications) {
      configurations.add(
          QueueConfiguration.builder()
              .id(bucket + "-to-" + n.queue())
              .queueArn(queueArns.get(n.queue()))
              .events(n.events().stream().map(Event::fromValue).toList())
              // lower-case rule name: AWS accepts either case, moto only this one
              .filter(
                  f ->
                      f.key(
                          k ->
                              k.filterRules(
                                  FilterRule.builder()
                                      .name(PREFIX_RULE)
                                      .value(n.prefix())
                                      .build())))
              .build());
    }
    s3.putBucketNotificationConfiguration(
        r ->
            r.bucket(bucket).notificationConfiguration(c -> c.queueConfigurations(configurations)));
  }

  private static java.util.Optional<LifecycleRule> lifecycleRule(LifecycleSpec lifecycle) {
    if (lifecycle == null
        || (lifecycle.transitionToIaDays() == null
            && lifecycle.transitionToGlacierDays() == null
            && lifecycle.expireDays() == null)) {
      return java.util.Optional.empty();
    }
    List<Transition> transitions = new ArrayList<>();
    if (lifecycle.transitionToIaDays() != null) {
      transitions.add(
          Transition.builder()
              .days(lifecycle.transitionToIaDays())
              .storageClass(TransitionStorageClass.STANDARD_IA)
              .build());
    }
    if (lifecycle.transitionToGlacierDays() != null) {
      transitions.add(
          Transition.builder()
              .days(lifecycle.transitionToGlacierDays())
              .storageClass(TransitionStorageClass.GLACIER)
              .build());
    }
    LifecycleRule.Builder rule =
        LifecycleRule.builder()
            .id("topology-lifecycle")
            .status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix(""))
            .transitions(transitions);
    if (lifecycle.expireDays() != null) {
      rule.expiration(e -> e.days(lifecycle.expireDays()));
    }
    return java.util.Optional.of(rule.build());
  }

  /** Denies every request that does not use TLS (aws:SecureTransport), as AWS recommends. */
  static String tlsOnlyPolicy(String bucket) {
    return """
        {"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*",\
        "Action":"s3:*","Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],\
        "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"""
        .formatted(bucket);
  }
}
