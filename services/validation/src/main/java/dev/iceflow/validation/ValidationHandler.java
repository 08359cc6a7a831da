package dev.iceflow.validation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda entry point: an SQS batch in, the ids of the messages that failed out. */
@Named("validation")
public class ValidationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject ValidationService service;
  @Inject SqsBatchProcessor processor;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return processor.process(event, service::handle);
  }
}
