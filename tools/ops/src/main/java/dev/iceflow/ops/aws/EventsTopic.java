package dev.iceflow.ops.aws;

import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.ops.OpsFailure;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * Finds a deployment's events topic among the account's SNS topics by its name, {@code
 * <prefix>-events}: the ARN's last part.
 */
public final class EventsTopic {

  private EventsTopic() {}

  public static String find(SnsClient sns, String prefix, String region) {
    String name = prefix + "-" + Topics.EVENTS;
    for (Topic topic : sns.listTopicsPaginator().topics()) {
      if (topic.topicArn().endsWith(":" + name)) {
        return topic.topicArn();
      }
    }
    throw new OpsFailure(
        "no SNS topic named %s in %s: check --prefix and --region, or give --events-topic-arn"
            .formatted(name, region));
  }
}
