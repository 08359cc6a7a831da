package dev.iceflow.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Waiting for the asynchronous pipeline in end-to-end tests: a condition, or a queue's depth. */
final class Awaits {

  static final Duration SETTLE = Duration.ofSeconds(120);
  private static final long POLL_MILLIS = 500;

  /** Consecutive quiet looks before the pipeline counts as quiet. */
  private static final int QUIET_LOOKS = 3;

  private static final List<QueueAttributeName> DEPTHS =
      List.of(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

  private Awaits() {}

  /** Waits until {@code check} holds, failing with {@code what} after {@link #SETTLE}. */
  static void await(Check check, String what) throws Exception {
    Instant deadline = Instant.now().plus(SETTLE);
    while (Instant.now().isBefore(deadline)) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new AssertionError("not within " + SETTLE + ": " + what);
  }

  /**
   * Waits until every one of {@code queueUrls} (given upstream first) holds nothing: none waiting,
   * none in flight, none delayed, on {@link #QUIET_LOOKS} looks in a row. Then no batch is still
   * being worked on or due back after a failure, so nothing can land after a count.
   */
  static void awaitQuiet(SqsClient sqs, List<String> queueUrls) throws Exception {
    int[] quietLooks = {0};
    await(
        () -> {
          boolean quiet = queueUrls.stream().allMatch(url -> isEmpty(sqs, url));
          quietLooks[0] = quiet ? quietLooks[0] + 1 : 0;
          return quietLooks[0] >= QUIET_LOOKS;
        },
        "every queue of " + queueUrls + " empty, nothing in flight");
  }

  private static boolean isEmpty(SqsClient sqs, String queueUrl) {
    Map<QueueAttributeName, String> depths =
        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(DEPTHS)).attributes();
    return DEPTHS.stream().allMatch(d -> Integer.parseInt(depths.get(d)) == 0);
  }

  /** Messages visible in the queue (ApproximateNumberOfMessages). */
  static int waiting(SqsClient sqs, String queueUrl) {
    var attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }
}
