package dev.iceflow.commit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.common.faults.FaultPoints;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Lambda entry point: a FIFO batch of datafiles.staged in, the ids of the messages that failed out.
 */
@Named("commit")
public class CommitHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  /**
   * Where a fault run can crash it: the batch is committed and the ledger says so, but SQS never
   * hears of it (the messages come back after their visibility timeout).
   */
  static final String BEFORE_RESPONSE = "commit.before-response";

  @Inject CommitBatchProcessor processor;
  @Inject FaultPoints faults;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    SQSBatchResponse response = processor.process(event);
    faults.crash(BEFORE_RESPONSE);
    return response;
  }
}
