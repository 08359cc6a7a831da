package dev.iceflow.commit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Lambda entry point: a FIFO batch of datafiles.staged in, the ids of the messages that failed out.
 */
@Named("commit")
public class CommitHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject CommitBatchProcessor processor;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return processor.process(event);
  }
}
