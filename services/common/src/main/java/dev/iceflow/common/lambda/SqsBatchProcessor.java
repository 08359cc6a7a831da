package dev.iceflow.common.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs a handler over an SQS batch and reports only the failed message ids
 * (ReportBatchItemFailures), so good messages are not retried. On a FIFO queue, the first failure
 * also fails every later message of the batch, which keeps each message group in order (as AWS
 * documents for FIFO event sources).
 */
public final class SqsBatchProcessor {

  private static final Logger LOG = Logger.getLogger(SqsBatchProcessor.class);
  private static final String FIFO_SUFFIX = ".fifo";

  private SqsBatchProcessor() {}

  public static SQSBatchResponse process(SQSEvent event, SqsMessageHandler handler) {
    List<BatchItemFailure> failures = new ArrayList<>();
    List<SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
    boolean failRest = false;
    for (SQSMessage message : messages) {
      if (failRest) {
        failures.add(new BatchItemFailure(message.getMessageId()));
        continue;
      }
      try {
        handler.handle(message);
      } catch (Exception e) {
        LOG.errorf(
            e,
            "message %s from %s failed; it returns to the queue (DLQ after maxReceiveCount)",
            message.getMessageId(),
            message.getEventSourceArn());
        failures.add(new BatchItemFailure(message.getMessageId()));
        failRest = isFifo(message);
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  private static boolean isFifo(SQSMessage message) {
    String source = message.getEventSourceArn();
    return source != null && source.endsWith(FIFO_SUFFIX);
  }
}
