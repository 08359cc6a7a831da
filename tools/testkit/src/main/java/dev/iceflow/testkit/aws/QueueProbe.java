package dev.iceflow.testkit.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * For tests: what arrived on a queue. {@link #await} deletes only the message it returns (the
 * others it saw become visible again at once), {@link #takeThrough} deletes what it returns, {@link
 * #receive} deletes nothing, {@link #drain} deletes everything.
 */
public final class QueueProbe {

  private static final int LONG_POLL_SECONDS = 1;

  /** Long enough that a message being taken is not handed out again meanwhile. */
  private static final int RECEIVED_FOR_SECONDS = 30;

  private final SqsClient sqs;

  public QueueProbe(SqsClient sqs) {
    this.sqs = sqs;
  }

  /** Deletes everything on the queue now (PurgeQueue is limited to once a minute). */
  public void drain(String queueUrl) {
    List<Message> batch;
    do {
      batch =
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
              .messages();
      batch.forEach(
          m -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
    } while (!batch.isEmpty());
  }

  /** The first message matching {@code match} within {@code timeout}; others are left in place. */
  public Optional<Message> await(String queueUrl, Predicate<Message> match, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (Message m : receive(queueUrl, 0)) {
        if (match.test(m)) {
          sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Takes (receives and deletes) messages in the order the queue hands them out, up to and
   * including the first that matches {@code last}, within {@code timeout}. On a FIFO queue a
   * message published after others in their group is handed out after all of them, so what comes
   * before it is everything that arrived of them: no need to wait and see.
   */
  public List<Message> takeThrough(String queueUrl, Predicate<Message> last, Duration timeout) {
    List<Message> taken = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (Message m : receive(queueUrl, RECEIVED_FOR_SECONDS)) {
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        taken.add(m);
        if (last.test(m)) {
          return taken;
        }
      }
    }
    return taken;
  }

  /** Everything on the queue now, received with the given visibility timeout and not deleted. */
  public List<Message> receive(String queueUrl, int visibilityTimeoutSeconds) {
    return new ArrayList<>(
        sqs.receiveMessage(
                r ->
                    r.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(LONG_POLL_SECONDS)
                        .visibilityTimeout(visibilityTimeoutSeconds)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages());
  }
}
