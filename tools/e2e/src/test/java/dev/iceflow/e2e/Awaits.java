package dev.iceflow.e2e;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Waiting for the asynchronous pipeline in end-to-end tests: a condition, or a queue's depth. */
final class Awaits {

  static final Duration SETTLE = Duration.ofSeconds(120);
  private static final long POLL_MILLIS = 500;

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
