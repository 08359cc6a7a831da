package dev.iceflow.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Feeds one stage from its queue the way an SQS event source mapping does: receive a batch, hand it
 * over as an SQSEvent, delete only the messages the stage did not report as failed.
 */
final class QueueDriver {

  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;
  private final int batchSize;
  private final Function<SQSEvent, SQSBatchResponse> stage;

  QueueDriver(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      int batchSize,
      Function<SQSEvent, SQSBatchResponse> stage) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
    this.batchSize = batchSize;
    this.stage = stage;
  }

  /** Delivers one batch; returns how many messages were delivered (0 when the queue was empty). */
  int deliverOnce() {
    List<Message> received =
        sqs.receiveMessage(
                r ->
                    r.queueUrl(queueUrl)
                        .maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1)
                        .visibilityTimeout(30)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages();
    if (received.isEmpty()) {
      return 0;
    }
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : received) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(m.messageId());
      record.setReceiptHandle(m.receiptHandle());
      record.setBody(m.body());
      record.setEventSourceArn(queueArn);
      record.setEventSource("aws:sqs");
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    Set<String> failed =
        stage.apply(event).getBatchItemFailures().stream()
            .map(BatchItemFailure::getItemIdentifier)
            .collect(Collectors.toSet());
    for (Message m : received) {
      if (failed.contains(m.messageId())) {
        sqs.changeMessageVisibility(
            r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
      } else {
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
    return received.size();
  }
}
