package dev.iceflow.ops.dlq;

import dev.iceflow.ops.OpsFailure;
import java.io.PrintWriter;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Moves a DLQ's messages back to their source queue one by one, where StartMessageMoveTask cannot
 * (the local platform's moto lacks it; AWS refuses SNS subscriptions' delivery DLQs): receive, send
 * the same body and message attributes to the source queue, and delete from the DLQ only after the
 * send succeeded. A failure leaves the message in the DLQ (visible again after the visibility
 * timeout), so nothing is lost; a crash between send and delete redelivers it once more, which the
 * stages absorb (they are idempotent by batch id).
 *
 * <p>On FIFO queues the copy keeps the MessageGroupId and takes a MessageDeduplicationId derived
 * from the DLQ message's id, so a retried send of the same message within SQS's 5-minute window is
 * dropped rather than duplicated.
 */
final class CopyRedrive {

  /** Long enough to send and delete a batch of 10; a message left behind reappears after it. */
  static final int VISIBILITY_TIMEOUT_SECONDS = 60;

  /** Prefix of the deduplication id on FIFO queues: {@code redrive-<DLQ message id>}. */
  static final String DEDUPLICATION_PREFIX = "redrive-";

  private static final int SQS_BATCH = 10;

  private final SqsClient sqs;
  private final PrintWriter out;

  CopyRedrive(SqsClient sqs, PrintWriter out) {
    this.sqs = sqs;
    this.out = out;
  }

  /**
   * Moves up to {@code limit} messages from {@code dlqUrl} to {@code sourceUrl} (the DLQ's depth
   * when the redrive started: a message that fails again and is parked straight back is not moved
   * round in circles), at most {@code perSecond} a second (0: as fast as SQS allows); returns how
   * many it moved.
   */
  long moveAll(String dlqUrl, String sourceUrl, boolean fifo, long limit, int perSecond)
      throws InterruptedException {
    long moved = 0;
    long started = System.nanoTime();
    while (moved < limit) {
      List<Message> batch = receive(dlqUrl, (int) Math.min(SQS_BATCH, limit - moved));
      if (batch.isEmpty()) {
        break;
      }
      for (Message message : batch) {
        send(sourceUrl, message, fifo, moved);
        delete(dlqUrl, message, moved);
        moved++;
        throttle(perSecond, moved, started);
      }
      out.printf("  moved %d of %d%n", moved, limit);
      out.flush();
    }
    return moved;
  }

  private List<Message> receive(String dlqUrl, int wanted) {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(dlqUrl)
                    .maxNumberOfMessages(wanted)
                    .visibilityTimeout(VISIBILITY_TIMEOUT_SECONDS)
                    .waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)
                    .messageAttributeNames("All"))
        .messages();
  }

  private void send(String sourceUrl, Message message, boolean fifo, long movedSoFar) {
    SendMessageRequest.Builder request =
        SendMessageRequest.builder()
            .queueUrl(sourceUrl)
            .messageBody(message.body())
            .messageAttributes(message.messageAttributes());
    if (fifo) {
      String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
      if (group == null) {
        throw new OpsFailure(
            "FIFO message %s came without its MessageGroupId; moved %d, it and the rest are left"
                    .formatted(message.messageId(), movedSoFar)
                + " in the dead-letter queue");
      }
      request
          .messageGroupId(group)
          .messageDeduplicationId(DEDUPLICATION_PREFIX + message.messageId());
    }
    try {
      sqs.sendMessage(request.build());
    } catch (SdkException e) {
      throw new OpsFailure(
          "cannot send message %s back; moved %d, it and the rest are left in the dead-letter queue"
              .formatted(message.messageId(), movedSoFar),
          e);
    }
  }

  private void delete(String dlqUrl, Message message, long movedSoFar) {
    try {
      sqs.deleteMessage(r -> r.queueUrl(dlqUrl).receiptHandle(message.receiptHandle()));
    } catch (SdkException e) {
      throw new OpsFailure(
          "message %s was sent back but not deleted from the dead-letter queue (a redrive again"
                  .formatted(message.messageId())
              + " sends it twice; the stages drop the duplicate); moved %d"
                  .formatted(movedSoFar + 1),
          e);
    }
  }

  /** Sleeps so that {@code moved} messages take at least {@code moved / perSecond} seconds. */
  private static void throttle(int perSecond, long moved, long started)
      throws InterruptedException {
    if (perSecond <= 0) {
      return;
    }
    long due = started + moved * 1_000_000_000L / perSecond;
    long ahead = due - System.nanoTime();
    if (ahead > 0) {
      Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
    }
  }
}
