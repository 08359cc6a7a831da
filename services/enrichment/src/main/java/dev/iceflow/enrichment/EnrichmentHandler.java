package dev.iceflow.enrichment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda entry point: an SQS batch in, the ids of the messages that failed out. */
@Named("enrichment")
public class EnrichmentHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject EnrichmentService service;
  @Inject SqsBatchProcessor processor;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    // the request id names this attempt's data files: a retry writes new ones, never over old ones
    String attempt = context == null ? null : context.getAwsRequestId();
    return processor.process(event, message -> service.handle(message, attempt));
  }
}
