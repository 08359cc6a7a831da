package dev.iceflow.ops.status;

import dev.iceflow.ops.OpsFailure;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Reads each queue's approximate counts with GetQueueAttributes. The age of the oldest message is
 * not among them (in AWS it is the CloudWatch metric ApproximateAgeOfOldestMessage only).
 */
final class QueueDepths {

  private static final List<QueueAttributeName> COUNTS =
      List.of(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

  private final SqsClient sqs;
  private final String prefix;
  private final String region;

  QueueDepths(SqsClient sqs, String prefix, String region) {
    this.sqs = sqs;
    this.prefix = prefix;
    this.region = region;
  }

  List<QueueStatus> read(List<QueueToRead> queues) {
    return queues.stream().map(this::read).toList();
  }

  private QueueStatus read(QueueToRead queue) {
    String name = queue.name(prefix);
    String url;
    try {
      url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      throw new OpsFailure(
          "no SQS queue named %s in %s: check --prefix and --region".formatted(name, region), e);
    }
    Map<QueueAttributeName, String> counts =
        sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(COUNTS)).attributes();
    return new QueueStatus(
        queue.queue(),
        name,
        queue.kind(),
        queue.deadLetterOf(),
        count(counts, COUNTS.get(0)),
        count(counts, COUNTS.get(1)),
        count(counts, COUNTS.get(2)));
  }

  private static long count(Map<QueueAttributeName, String> counts, QueueAttributeName name) {
    String value = counts.get(name);
    if (value == null) {
      throw new OpsFailure("SQS did not answer %s".formatted(name));
    }
    return Long.parseLong(value);
  }
}
