package dev.iceflow.compaction;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Lambda entry point: a batch of table.committed and schedule.tick messages in, the ids of the
 * messages that failed out. The context gives the run its deadline.
 */
@Named("compaction")
public class CompactionHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject CompactionService service;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return service.handle(event, context);
  }
}
