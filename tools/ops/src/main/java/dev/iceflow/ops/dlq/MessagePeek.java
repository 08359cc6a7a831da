package dev.iceflow.ops.dlq;

import dev.iceflow.ops.OpsFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Looks at a queue's messages without taking them: receives with a short visibility timeout, keeps
 * them invisible while it collects more (so it never sees one twice), then makes every one visible
 * again at once (ChangeMessageVisibility to 0). SQS has no read-only peek: each look adds one to a
 * message's ApproximateReceiveCount, which on a DLQ has no maxReceiveCount to reach. On a FIFO
 * queue a message group stays locked while its messages are held, so at most 10 messages of one
 * group are seen.
 */
final class MessagePeek {

  /** Long enough to collect and return a few hundred messages; if ops dies they reappear then. */
  static final int VISIBILITY_TIMEOUT_SECONDS = 30;

  /** SQS's most per ReceiveMessage and per ChangeMessageVisibilityBatch. */
  private static final int SQS_BATCH = 10;

  private final SqsClient sqs;

  MessagePeek(SqsClient sqs) {
    this.sqs = sqs;
  }

  /** Up to {@code max} messages of the queue, oldest SQS hands out first; none consumed. */
  List<PeekedMessage> peek(String queueUrl, int max) {
    Map<String, Message> seen = new LinkedHashMap<>();
    try {
      while (seen.size() < max) {
        int wanted = Math.min(SQS_BATCH, max - seen.size());
        List<Message> batch =
            sqs.receiveMessage(
                    r ->
                        r.queueUrl(queueUrl)
                            .maxNumberOfMessages(wanted)
                            .visibilityTimeout(VISIBILITY_TIMEOUT_SECONDS)
                            .waitTimeSeconds(0)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                .messages();
        if (batch.isEmpty()) {
          break;
        }
        batch.forEach(m -> seen.putIfAbsent(m.messageId(), m));
      }
    } finally {
      release(queueUrl, new ArrayList<>(seen.values()));
    }
    return seen.values().stream().map(PeekedMessage::of).toList();
  }

  private void release(String queueUrl, List<Message> messages) {
    for (int from = 0; from < messages.size(); from += SQS_BATCH) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries =
          messages.subList(from, Math.min(messages.size(), from + SQS_BATCH)).stream()
              .map(
                  m ->
                      ChangeMessageVisibilityBatchRequestEntry.builder()
                          .id(m.messageId().replaceAll("[^A-Za-z0-9_-]", "_"))
                          .receiptHandle(m.receiptHandle())
                          .visibilityTimeout(0)
                          .build())
              .toList();
      var result = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
      if (result.hasFailed() && !result.failed().isEmpty()) {
        throw new OpsFailure(
            "could not make %d message(s) visible again (they reappear after %d s): %s"
                .formatted(
                    result.failed().size(), VISIBILITY_TIMEOUT_SECONDS, result.failed().get(0)));
      }
    }
  }
}
