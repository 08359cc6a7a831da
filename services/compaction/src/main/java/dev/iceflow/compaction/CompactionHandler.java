package dev.iceflow.compaction;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Lambda entry point: a batch of table.committed and schedule.tick messages in, the ids of the
 * messages that failed out.
 */
@Named("compaction")
public class CompactionHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject CompactionService service;
  @Inject SqsBatchProcessor processor;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return processor.process(event, service::handle);
  }
}
