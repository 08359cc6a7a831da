package dev.iceflow.ops.aws;

import dev.iceflow.ops.OpsFailure;
import java.io.PrintWriter;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Who is asking, for pipeline.control's requestedBy: the ARN STS's GetCallerIdentity answers (the
 * embedded AWS answers it too), or what the operator gave when STS cannot answer.
 */
public final class CallerIdentity {

  private CallerIdentity() {}

  /** The caller's ARN, else {@code fallback} (saying on {@code err} why STS did not answer). */
  public static String of(AwsTarget aws, Optional<String> fallback, PrintWriter err) {
    try (StsClient sts = aws.configure(StsClient.builder()).build()) {
      return sts.getCallerIdentity().arn();
    } catch (SdkException e) {
      if (fallback.isEmpty()) {
        throw new OpsFailure(
            "cannot tell who you are (STS GetCallerIdentity failed): give --requested-by", e);
      }
      err.printf(
          "ops: STS GetCallerIdentity failed (%s): requested by %s%n",
          e.getMessage().lines().findFirst().orElse(""), fallback.get());
      return fallback.get();
    }
  }
}
