package dev.iceflow.validation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.common.faults.FaultPoints;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda entry point: an SQS batch in, the ids of the messages that failed out. */
@Named("validation")
public class ValidationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  /**
   * Where a fault run can crash it mid-batch: this message's outputs are published, the rest of the
   * batch is not handled, and none of it is deleted from the queue.
   */
  static final String AFTER_MESSAGE = "validation.after-message";

  @Inject ValidationService service;
  @Inject SqsBatchProcessor processor;
  @Inject FaultPoints faults;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return processor.process(
        event,
        message -> {
          service.handle(message);
          faults.crash(AFTER_MESSAGE);
        });
  }
}
