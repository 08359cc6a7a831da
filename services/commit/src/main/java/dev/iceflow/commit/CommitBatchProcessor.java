package dev.iceflow.commit;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.contracts.message.MessageType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Commits a whole FIFO batch at once: every table's staged batches go into one Iceberg commit per
 * table. Unlike the per-message stages, a failure is per table: all of that table's messages go
 * back to SQS. An unreadable message fails with every message after it, keeping FIFO order.
 */
@ApplicationScoped
public class CommitBatchProcessor {

  private static final Logger LOG = Logger.getLogger(CommitBatchProcessor.class);

  private final EnvelopeCodec codec;
  private final CommitService service;

  @Inject
  public CommitBatchProcessor(EnvelopeCodec codec, CommitService service) {
    this.codec = codec;
    this.service = service;
  }

  public SQSBatchResponse process(SQSEvent event) {
    List<SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
    List<BatchItemFailure> failures = new ArrayList<>();
    Map<String, List<StagedBatch>> byTable = new LinkedHashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      SQSMessage message = messages.get(i);
      try {
        StagedBatch batch = new StagedBatch(message.getMessageId(), decode(message));
        byTable.computeIfAbsent(batch.qualifiedTable(), t -> new ArrayList<>()).add(batch);
      } catch (RuntimeException e) {
        LOG.errorf(
            e,
            "message %s is not a readable datafiles.staged; it and the %d after it go back to the queue",
            message.getMessageId(),
            messages.size() - i - 1);
        messages
            .subList(i, messages.size())
            .forEach(m -> failures.add(new BatchItemFailure(m.getMessageId())));
        break;
      }
    }
    for (Map.Entry<String, List<StagedBatch>> table : byTable.entrySet()) {
      List<StagedBatch> batches = table.getValue();
      try {
        service.commit(batches.get(0).envelope().dataset(), batches);
      } catch (Exception e) {
        LOG.errorf(
            e,
            "commit to %s failed; its %d message(s) go back to the queue (DLQ after maxReceiveCount)",
            table.getKey(),
            batches.size());
        batches.forEach(b -> failures.add(new BatchItemFailure(b.messageId())));
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  private Envelope decode(SQSMessage message) {
    Envelope envelope = codec.decode(SqsBody.unwrap(message.getBody()));
    if (envelope.messageType() != MessageType.DATAFILES_STAGED) {
      throw new InvalidMessageException(
          "commit consumes datafiles.staged, not " + envelope.type(), List.of());
    }
    return envelope;
  }
}
