package dev.iceflow.ops.aws;

import dev.iceflow.ops.OpsFailure;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * Finds one of a deployment's standard topics among the account's SNS topics by its name, {@code
 * <prefix>-<topic>}: the ARN's last part.
 */
public final class DeploymentTopic {

  private DeploymentTopic() {}

  /** The ARN of the standard (not FIFO) topic {@code logical} of the deployment {@code prefix}. */
  public static String find(SnsClient sns, String prefix, String logical, String region) {
    String name = prefix + "-" + logical;
    for (Topic topic : sns.listTopicsPaginator().topics()) {
      if (topic.topicArn().endsWith(":" + name)) {
        return topic.topicArn();
      }
    }
    throw new OpsFailure(
        "no SNS topic named %s in %s: check --prefix and --region".formatted(name, region));
  }
}
