package dev.iceflow.compaction;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import jakarta.enterprise.context.ApplicationScoped;

/** SKELETON: replaced by the compaction-core work. */
@ApplicationScoped
public class CompactionService {

  public void handle(SQSMessage message) {
    throw new UnsupportedOperationException("compaction is not built yet");
  }
}
