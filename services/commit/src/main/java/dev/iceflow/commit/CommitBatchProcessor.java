package dev.iceflow.commit;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import dev.iceflow.common.tracing.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Commits a whole FIFO batch at once: each table's staged batches (one message group per table) go
 * into one Iceberg commit. FIFO rules per group: what precedes a bad message is committed; the bad
 * message is parked in the DLQ with its reason when it can never succeed, or else goes back; and
 * what follows it goes back, to come again in order. A failure of one table's commit sends back
 * that table's messages only. An unreadable message that cannot be parked fails with every message
 * after it. Each batch's commit span is flushed before the response returns.
 */
@ApplicationScoped
public class CommitBatchProcessor {

  private static final Logger LOG = Logger.getLogger(CommitBatchProcessor.class);

  private final StagedBatchReader reader;
  private final CommitService service;
  private final SqsBatchProcessor parking;
  private final Tracing tracing;

  @Inject
  public CommitBatchProcessor(
      StagedBatchReader reader, CommitService service, SqsBatchProcessor parking, Tracing tracing) {
    this.reader = reader;
    this.service = service;
    this.parking = parking;
    this.tracing = tracing;
  }

  public SQSBatchResponse process(SQSEvent event) {
    try {
      return processEach(event);
    } finally {
      tracing.flush();
    }
  }

  private SQSBatchResponse processEach(SQSEvent event) {
    List<SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
    List<BatchItemFailure> failures = new ArrayList<>();
    Map<String, List<StagedBatch>> byTable = new LinkedHashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      SQSMessage message = messages.get(i);
      try {
        StagedBatch batch = reader.read(message);
        byTable.computeIfAbsent(batch.qualifiedTable(), t -> new ArrayList<>()).add(batch);
      } catch (RuntimeException e) {
        if (SqsBatchProcessor.isUnprocessable(e) && parking.parked(message, e)) {
          continue;
        }
        LOG.errorf(
            e,
            "message %s is not a readable datafiles.staged; it and the %d after it go back",
            message.getMessageId(),
            messages.size() - i - 1);
        messages.subList(i, messages.size()).forEach(m -> failures.add(failure(m.getMessageId())));
        break;
      }
    }
    byTable.forEach((table, batches) -> failures.addAll(commitTable(table, messages, batches)));
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  /** Commits one table's batches up to its first bad one; returns the messages that go back. */
  private List<BatchItemFailure> commitTable(
      String table, List<SQSMessage> messages, List<StagedBatch> batches) {
    String dataset = batches.get(0).envelope().dataset();
    List<BatchItemFailure> failures = new ArrayList<>();
    int firstBad = batches.size();
    for (int i = 0; i < batches.size(); i++) {
      StagedBatch batch = batches.get(i);
      try {
        service.screen(dataset, batch);
      } catch (RuntimeException e) {
        firstBad = i;
        boolean parked =
            SqsBatchProcessor.isUnprocessable(e) && parking.parked(message(messages, batch), e);
        if (!parked) {
          LOG.errorf(e, "batch %s of %s cannot be screened; it goes back", batch.batchId(), table);
          failures.add(failure(batch.messageId()));
        }
        break;
      }
    }
    List<StagedBatch> ready = batches.subList(0, firstBad);
    List<StagedBatch> behind =
        batches.subList(Math.min(firstBad + 1, batches.size()), batches.size());
    if (!behind.isEmpty()) {
      LOG.warnf(
          "%d message(s) of %s behind batch %s go back to keep the group's order",
          behind.size(), table, batches.get(firstBad).batchId());
      behind.forEach(b -> failures.add(failure(b.messageId())));
    }
    if (!ready.isEmpty()) {
      try {
        CommitSpans.traced(tracing, ready, () -> service.commit(dataset, ready));
      } catch (Exception e) {
        LOG.errorf(
            e,
            "commit to %s failed; its %d message(s) go back to the queue (DLQ after maxReceiveCount)",
            table,
            ready.size());
        ready.forEach(b -> failures.add(failure(b.messageId())));
      }
    }
    return failures;
  }

  private static SQSMessage message(List<SQSMessage> messages, StagedBatch batch) {
    return messages.stream()
        .filter(m -> m.getMessageId().equals(batch.messageId()))
        .findFirst()
        .orElseThrow();
  }

  private static BatchItemFailure failure(String messageId) {
    return new BatchItemFailure(messageId);
  }
}
