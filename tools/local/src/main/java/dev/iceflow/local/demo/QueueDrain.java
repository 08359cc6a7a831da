package dev.iceflow.local.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Waits until a queue holds nothing: none waiting, none in flight, none delayed, on several looks
 * in a row. Then its consumer has finished every message and none is due back after a failure.
 */
final class QueueDrain {

  /** Consecutive empty looks: SQS's counts are approximate, one look can miss a message. */
  private static final int EMPTY_LOOKS = 3;

  private static final Duration POLL = Duration.ofMillis(500);

  private static final List<QueueAttributeName> DEPTHS =
      List.of(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

  private QueueDrain() {}

  /** True once {@code queueUrl} is drained; false when it still held messages at {@code within}. */
  static boolean await(SqsClient sqs, String queueUrl, Duration within)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    int emptyLooks = 0;
    while (Instant.now().isBefore(deadline)) {
      emptyLooks = isEmpty(sqs, queueUrl) ? emptyLooks + 1 : 0;
      if (emptyLooks >= EMPTY_LOOKS) {
        return true;
      }
      Thread.sleep(POLL.toMillis());
    }
    return false;
  }

  private static boolean isEmpty(SqsClient sqs, String queueUrl) {
    Map<QueueAttributeName, String> depths =
        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(DEPTHS)).attributes();
    return DEPTHS.stream().allMatch(d -> Integer.parseInt(depths.get(d)) == 0);
  }
}
