package dev.iceflow.validation;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.cdi.BucketDirectory;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.quarantine.Quarantine;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.common.reference.ReferenceTables;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.ContractVersion;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.contracts.dataset.RuleSpec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.validation.input.IngestMessageReader;
import dev.iceflow.validation.input.RawRecord;
import dev.iceflow.validation.input.RecordSource;
import dev.iceflow.validation.output.NdjsonLines;
import dev.iceflow.validation.output.ObjectKeys;
import dev.iceflow.validation.output.ValidationPayloads;
import dev.iceflow.validation.output.ValidationPayloads.S3Location;
import dev.iceflow.validation.rules.BatchClassifier;
import dev.iceflow.validation.rules.Classification;
import dev.iceflow.validation.rules.RecordValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The validation stage: reads an ingest batch, classifies every record against the dataset's data
 * contract, stages the valid ones and quarantines the rest, then announces both. Objects are
 * written before messages are published, and every key and message id derives from the batch id, so
 * a redelivered message repeats the same work with the same result.
 */
@ApplicationScoped
public class ValidationService {

  private static final Logger LOG = Logger.getLogger(ValidationService.class);
  static final String SOURCE = "urn:iceflow:validation";
  static final String EVENTS_TOPIC = "events";
  static final String STAGING_BUCKET = "staging";
  static final String QUARANTINE_BUCKET = "quarantine";

  private final Contracts contracts;
  private final EventPublisher publisher;
  private final BucketDirectory buckets;
  private final ReferenceTables references;
  private final S3Client s3;
  private final IngestMessageReader reader;
  private final RecordSource source;
  private final Clock clock;

  @Inject
  public ValidationService(
      Contracts contracts,
      EnvelopeCodec codec,
      EventPublisher publisher,
      BucketDirectory buckets,
      ReferenceTables references,
      S3Client s3) {
    this.contracts = contracts;
    this.publisher = publisher;
    this.buckets = buckets;
    this.references = references;
    this.s3 = s3;
    this.reader = new IngestMessageReader(codec);
    this.source = new RecordSource(s3);
    this.clock = Clock.systemUTC();
  }

  public void handle(SQSMessage message) {
    List<Envelope> batches = reader.read(message.getBody());
    if (batches.isEmpty()) {
      LOG.infof("message %s is an S3 test event: nothing to validate", message.getMessageId());
    }
    batches.forEach(this::validate);
  }

  /** Validates one ingest batch end to end; returns how its records were classified. */
  public Classification validate(Envelope ingest) {
    JsonNode data = ingest.data();
    String batchId = data.get("batchId").asText();
    DataContract contract =
        contractFor(ingest.dataset(), data.path("contractVersion").asText(null));
    Map<String, InputField> fields =
        contract.input().fields().stream()
            .collect(Collectors.toMap(InputField::name, Function.identity()));
    List<RawRecord> records = source.read(data, fields);
    Classification result = classifierFor(contract).classify(records);

    String dataset = contract.dataset();
    S3Location quarantine = null;
    if (!result.rejected().isEmpty()) {
      quarantine =
          new S3Location(
              buckets.name(QUARANTINE_BUCKET),
              Quarantine.key(ValidationPayloads.STAGE, dataset, batchId));
      put(
          quarantine,
          Quarantine.ndjson(batchId, dataset, ValidationPayloads.STAGE, result.quarantined()));
    }
    S3Location staged =
        new S3Location(buckets.name(STAGING_BUCKET), ObjectKeys.staged(dataset, batchId));
    if (!result.valid().isEmpty()) {
      put(staged, NdjsonLines.stagedGzip(result.valid()));
    }

    Instant now = clock.instant();
    Instant ingestTime = ingestTime(ingest);
    if (quarantine != null) {
      publisher.publish(
          EVENTS_TOPIC,
          ingest.derive(
              batchId + ".validation.rejected",
              MessageType.RECORDS_REJECTED,
              contracts.messages().currentVersion(MessageType.RECORDS_REJECTED),
              SOURCE,
              Quarantine.rejectedPayload(
                  batchId,
                  ValidationPayloads.STAGE,
                  result.inputRecords(),
                  contract.version(),
                  quarantine.bucket(),
                  quarantine.key(),
                  result.quarantined()),
              now));
    }
    if (!result.valid().isEmpty()) {
      publisher.publish(
          EVENTS_TOPIC,
          ingest.derive(
              batchId + ".validated",
              MessageType.BATCH_VALIDATED,
              contracts.messages().currentVersion(MessageType.BATCH_VALIDATED),
              SOURCE,
              ValidationPayloads.batchValidated(
                  batchId, contract.version(), result, staged, quarantine, ingestTime),
              now));
    }
    LOG.infof(
        "batch %s (%s): %d records, %d valid, %d rejected %s",
        batchId,
        dataset,
        result.inputRecords(),
        result.valid().size(),
        result.rejected().size(),
        Quarantine.reasons(result.quarantined()));
    return result;
  }

  private DataContract contractFor(String dataset, String requestedVersion) {
    DataContract contract =
        contracts
            .dataset(dataset)
            .orElseThrow(
                () ->
                    new UnknownContractException(
                        "no data contract for dataset '%s' (known: %s)"
                            .formatted(dataset, contracts.datasets().keySet())));
    if (requestedVersion != null
        && !contract.contractVersion().canRead(ContractVersion.parse(requestedVersion))) {
      throw new UnknownContractException(
          "dataset '%s' has contract %s, which cannot read records of contract %s"
              .formatted(dataset, contract.version(), requestedVersion));
    }
    return contract;
  }

  /**
   * A classifier for one batch, with each reference table the rules use read once (ETag-cached).
   */
  private BatchClassifier classifierFor(DataContract contract) {
    Map<String, ReferenceTable> tables = new HashMap<>();
    for (RuleSpec rule : contract.input().rules()) {
      if (rule.reference() != null) {
        tables.computeIfAbsent(
            rule.reference(), name -> references.get(contract.reference().get(name)));
      }
    }
    return new BatchClassifier(
        new RecordValidator(contract, (ref, key) -> tables.get(ref).contains(key)));
  }

  private static Instant ingestTime(Envelope ingest) {
    String producedAt = ingest.data().path("producedAt").asText(null);
    return producedAt != null ? Instant.parse(producedAt) : ingest.time();
  }

  private void put(S3Location location, byte[] bytes) {
    s3.putObject(
        r -> r.bucket(location.bucket()).key(location.key()), RequestBody.fromBytes(bytes));
  }
}
