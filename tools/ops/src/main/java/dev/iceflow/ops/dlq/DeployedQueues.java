package dev.iceflow.ops.dlq;

import dev.iceflow.ops.OpsFailure;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** A deployment's queues by deployed name: their URL, ARN and approximate depth. */
final class DeployedQueues {

  private final SqsClient sqs;
  private final String region;

  DeployedQueues(SqsClient sqs, String region) {
    this.sqs = sqs;
    this.region = region;
  }

  String url(String name) {
    try {
      return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      throw new OpsFailure(
          "no SQS queue named %s in %s: check --prefix and --region".formatted(name, region), e);
    }
  }

  String arn(String url) {
    return attributes(url, List.of(QueueAttributeName.QUEUE_ARN)).get(QueueAttributeName.QUEUE_ARN);
  }

  /** Approximate counts (SQS's): visible and in flight. */
  Depth depth(String url) {
    Map<QueueAttributeName, String> counts =
        attributes(
            url,
            List.of(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    return new Depth(
        count(counts, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
        count(counts, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** A queue's approximate counts. */
  record Depth(long waiting, long inFlight) {
    long total() {
      return waiting + inFlight;
    }
  }

  private Map<QueueAttributeName, String> attributes(String url, List<QueueAttributeName> names) {
    return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(names)).attributes();
  }

  private static long count(Map<QueueAttributeName, String> counts, QueueAttributeName name) {
    String value = counts.get(name);
    if (value == null) {
      throw new OpsFailure("SQS did not answer %s".formatted(name));
    }
    return Long.parseLong(value);
  }
}
