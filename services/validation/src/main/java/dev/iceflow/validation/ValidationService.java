package dev.iceflow.validation;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.common.quarantine.Quarantine;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.tracing.StageSpan;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.validation.input.BatchInput;
import dev.iceflow.validation.input.IngestMessageReader;
import dev.iceflow.validation.input.RecordSource;
import dev.iceflow.validation.input.UnroutableMessageException;
import dev.iceflow.validation.output.UnroutedMessages;
import dev.iceflow.validation.output.ValidationOutputs;
import dev.iceflow.validation.rules.BatchClassifiers;
import dev.iceflow.validation.rules.Classification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The validation stage: reads an ingest batch, classifies every record against the dataset's data
 * contract, then hands the result to {@link ValidationOutputs} (stage the valid records, quarantine
 * the rest, announce both). A message that is no ingest batch it can take goes to {@link
 * UnroutedMessages} instead: every publish to the ingest topic reaches this queue.
 */
@ApplicationScoped
public class ValidationService {

  private static final Logger LOG = Logger.getLogger(ValidationService.class);

  private final Contracts contracts;
  private final IngestMessageReader reader;
  private final RecordSource source;
  private final BatchClassifiers classifiers;
  private final ValidationOutputs outputs;
  private final UnroutedMessages unrouted;
  private final PipelineMetrics metrics;
  private final Tracing tracing;

  @Inject
  public ValidationService(
      Contracts contracts,
      EnvelopeCodec codec,
      S3Client s3,
      BatchClassifiers classifiers,
      ValidationOutputs outputs,
      UnroutedMessages unrouted,
      PipelineMetrics metrics,
      Tracing tracing) {
    this.contracts = contracts;
    this.reader = new IngestMessageReader(codec, contracts.datasets().keySet());
    this.source = new RecordSource(s3);
    this.classifiers = classifiers;
    this.outputs = outputs;
    this.unrouted = unrouted;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /**
   * Handles one message of the batch: validates the ingest batches it holds, or parks it in
   * ingest-unrouted when it holds none validation can take. Parked counts as handled; a message
   * that could not be parked fails, back to its queue.
   */
  public void handle(SQSMessage message) {
    List<Envelope> batches;
    try {
      batches = reader.read(message.getBody());
    } catch (UnroutableMessageException unroutable) {
      unrouted.park(message, unroutable);
      return;
    }
    if (batches.isEmpty()) {
      LOG.infof("message %s is an S3 test event: nothing to validate", message.getMessageId());
    }
    batches.forEach(this::validate);
  }

  /**
   * Validates one ingest batch end to end, in its validation span; returns how its records were
   * classified.
   */
  public Classification validate(Envelope ingest) {
    return tracing.within(Stage.VALIDATION, ingest, span -> validate(ingest, span));
  }

  private Classification validate(Envelope ingest, StageSpan span) {
    IngestBatchV1 batch = ingest.payload(IngestBatchV1.class);
    span.batch(batch.batchId());
    DataContract contract = contracts.requireDataset(ingest.dataset(), batch.contractVersion());
    BatchInput input = source.read(batch, contract);
    Classification result = classifiers.of(contract, batch.batchId()).classify(input.records());
    span.records(result.inputRecords(), result.valid().size(), result.rejected().size());
    outputs.publish(ingest, batch, contract, result, input.bytes());
    LOG.infof(
        "batch %s (%s): %d records, %d valid, %d rejected %s",
        batch.batchId(),
        contract.dataset(),
        result.inputRecords(),
        result.valid().size(),
        result.rejected().size(),
        Quarantine.reasons(result.quarantined()));
    metrics
        .forDataset(contract.dataset())
        .add(MetricNames.RECORDS_IN, result.inputRecords())
        .add(MetricNames.RECORDS_VALID, result.valid().size())
        .add(MetricNames.RECORDS_REJECTED, result.rejected().size())
        .flush();
    return result;
  }
}
