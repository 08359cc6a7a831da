package dev.iceflow.common.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.contracts.UnknownContractException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs a handler over an SQS batch and reports only the failed message ids
 * (ReportBatchItemFailures), so good messages are not retried. A message that can never succeed is
 * parked in the DLQ at once with its reason (and counts as handled); one that may succeed later
 * goes back to the queue. On a FIFO queue, the first failure also fails every later message of the
 * batch, which keeps each message group in order (as AWS documents for FIFO event sources). The
 * spans the handler recorded are flushed before the batch's response returns.
 */
public final class SqsBatchProcessor {

  private static final Logger LOG = Logger.getLogger(SqsBatchProcessor.class);
  private static final String FIFO_SUFFIX = ".fifo";

  private final MessageParking parking;
  private final Tracing tracing;

  public SqsBatchProcessor(MessageParking parking, Tracing tracing) {
    this.parking = parking;
    this.tracing = tracing;
  }

  public SQSBatchResponse process(SQSEvent event, SqsMessageHandler handler) {
    try {
      return processEach(event, handler);
    } finally {
      tracing.flush();
    }
  }

  private SQSBatchResponse processEach(SQSEvent event, SqsMessageHandler handler) {
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
        if (isUnprocessable(e) && parked(message, e)) {
          continue;
        }
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

  /**
   * Parks a message that can never succeed; true when it is parked. A failed park is logged and the
   * message goes back to its queue like any failure, so it is never lost.
   */
  public boolean parked(SQSMessage message, Exception reason) {
    try {
      parking.park(message, reason.getMessage());
      LOG.errorf(
          reason,
          "message %s from %s can never succeed; parked in its DLQ with the reason",
          message.getMessageId(),
          message.getEventSourceArn());
      return true;
    } catch (RuntimeException parkFailure) {
      parkFailure.addSuppressed(reason);
      LOG.errorf(
          parkFailure,
          "message %s could not be parked; it returns to the queue",
          message.getMessageId());
      return false;
    }
  }

  /** Failures no retry can mend: the message itself is wrong, not the moment. */
  public static boolean isUnprocessable(Throwable failure) {
    return failure instanceof UnprocessableMessageException
        || failure instanceof UnknownContractException;
  }

  public static boolean isFifo(SQSMessage message) {
    String source = message.getEventSourceArn();
    return source != null && source.endsWith(FIFO_SUFFIX);
  }
}
