package dev.iceflow.costguard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Lambda entry point: a batch of stage events, pipeline.control requests and cost-guard ticks in,
 * the ids of the messages that failed out.
 */
@Named("cost-guard")
public class CostGuardHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject CostGuardService service;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return service.handle(event);
  }
}
