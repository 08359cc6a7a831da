package dev.iceflow.ops.quarantine;

import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Which bucket is the quarantine (a picocli mixin): named outright, or by the rule each side names
 * buckets by: {@code <prefix>-quarantine} on the local platform (tools/local-aws ResourceNames),
 * {@code <prefix>-quarantine-<account id>} in AWS (Terraform's storage module; bucket names are
 * global).
 */
public final class QuarantineBucket {

  @Option(
      names = "--quarantine-bucket",
      paramLabel = "BUCKET",
      description =
          "The quarantine bucket (default: <prefix>-quarantine on the local platform,"
              + " <prefix>-quarantine-<account id> in AWS).")
  String bucket;

  String name(AwsTarget aws, String prefix) {
    if (bucket != null) {
      return bucket;
    }
    String local = prefix + "-" + Buckets.QUARANTINE;
    if (aws.local()) {
      return local;
    }
    try (StsClient sts = aws.configure(StsClient.builder()).build()) {
      return local + "-" + sts.getCallerIdentity().account();
    } catch (SdkException e) {
      throw new OpsFailure(
          "cannot tell the account (STS GetCallerIdentity failed): give --quarantine-bucket", e);
    }
  }
}
