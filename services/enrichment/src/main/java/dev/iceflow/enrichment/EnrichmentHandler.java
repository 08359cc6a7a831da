package dev.iceflow.enrichment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.faults.FaultPoints;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda entry point: an SQS batch in, the ids of the messages that failed out. */
@Named("enrichment")
public class EnrichmentHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  private static final int ATTEMPT_HEX_CHARS = 16;

  /**
   * Where a fault run can crash it mid-batch: this message's data files are written and announced,
   * the rest of the batch is not handled, and none of it is deleted from the queue.
   */
  static final String AFTER_MESSAGE = "enrichment.after-message";

  @Inject EnrichmentService service;
  @Inject SqsBatchProcessor processor;
  @Inject FaultPoints faults;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    String requestId = context == null ? null : context.getAwsRequestId();
    return processor.process(
        event,
        message -> {
          service.handle(message, attempt(requestId, message));
          faults.crash(AFTER_MESSAGE);
        });
  }

  /**
   * Names this attempt at this message; its data files carry the name, so neither a retry (another
   * request) nor the same batch twice in one event (another message) writes over files another
   * attempt wrote and may have had committed. 16 hex characters of SHA-256(request id, message id):
   * short enough that the longest batch id (100 characters) with it fits datafiles.staged's
   * 128-character attempt. Without a Lambda context (no request id) the service draws a random one.
   */
  static String attempt(String requestId, SQSMessage message) {
    if (requestId == null) {
      return null;
    }
    return Sha256.hex(requestId + "\n" + message.getMessageId()).substring(0, ATTEMPT_HEX_CHARS);
  }
}
