package dev.iceflow.ops.compact;

import dev.iceflow.ops.OpsFailure;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Waits for a queue to drain: nothing waiting, in flight or delayed. SQS's counts are approximate
 * and may lag a send (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/
 * sqs-message-counts.html), so the queue counts as drained once it has been seen holding a message
 * and then empty in two polls running, or empty in {@code quietPolls} polls running if it was never
 * seen holding one (consumed before the first look).
 */
final class QueueDrainWatch {

  private static final List<QueueAttributeName> COUNTS =
      List.of(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

  private static final int EMPTY_POLLS_AFTER_SEEN = 2;

  private final SqsClient sqs;
  private final String queueUrl;
  private final Duration pollEvery;
  private final int quietPolls;
  private final Clock clock;

  QueueDrainWatch(SqsClient sqs, String queueUrl, Duration pollEvery, int quietPolls, Clock clock) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.pollEvery = pollEvery;
    this.quietPolls = quietPolls;
    this.clock = clock;
  }

  /** Returns once drained; fails after {@code timeout}. Prints each change of the counts. */
  void await(Duration timeout, PrintWriter out) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    boolean seen = false;
    int emptyPolls = 0;
    String last = "";
    while (true) {
      Map<QueueAttributeName, String> counts =
          sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(COUNTS)).attributes();
      long waiting = count(counts, COUNTS.get(0));
      long inFlight = count(counts, COUNTS.get(1));
      long delayed = count(counts, COUNTS.get(2));
      String now =
          "  queue: %d waiting, %d in flight, %d delayed".formatted(waiting, inFlight, delayed);
      if (!now.equals(last)) {
        out.println(now);
        out.flush();
        last = now;
      }
      if (waiting + inFlight + delayed > 0) {
        seen = true;
        emptyPolls = 0;
      } else if (++emptyPolls >= (seen ? EMPTY_POLLS_AFTER_SEEN : quietPolls)) {
        return;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new OpsFailure(
            "the compaction queue did not drain within %s (is compaction running, or paused?);"
                    .formatted(timeout)
                + " the request stays queued and runs when it gets there");
      }
      Thread.sleep(pollEvery.toMillis());
    }
  }

  private static long count(Map<QueueAttributeName, String> counts, QueueAttributeName name) {
    String value = counts.get(name);
    return value == null ? 0 : Long.parseLong(value);
  }
}
