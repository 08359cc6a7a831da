package dev.iceflow.validation.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.contracts.message.payload.IngestBatchV1.ObjectCreated;
import dev.iceflow.validation.input.UnroutableMessageException.Reason;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an SQS message body into ingest.batch envelopes: an envelope published through SNS (raw or
 * wrapped), or an S3 event notification for files dropped in the raw bucket (one envelope per
 * object version, with a batch id derived from the object so a redelivery maps to the same batch).
 * S3's {@code s3:TestEvent} yields none. Anything else reaching the ingest queue (every publish to
 * the ingest topic does) is {@linkplain UnroutableMessageException unroutable}, with the reason.
 */
public final class IngestMessageReader {

  /** Dropped files live under incoming/&lt;dataset&gt;/...; the dataset is read from the key. */
  public static final String INCOMING_PREFIX = "incoming/";

  private static final String S3_SOURCE = "urn:iceflow:s3-notification";
  private static final int BATCH_HASH_CHARS = 24;
  private static final S3Notification NOT_A_NOTIFICATION = new S3Notification(null, null);

  private final EnvelopeCodec codec;
  private final Set<String> datasets;

  /**
   * @param datasets the datasets this deployment has a data contract for; a message of any other is
   *     unroutable
   */
  public IngestMessageReader(EnvelopeCodec codec, Set<String> datasets) {
    this.codec = codec;
    this.datasets = Set.copyOf(datasets);
  }

  public List<Envelope> read(String sqsBody) {
    String body = SqsBody.unwrap(sqsBody);
    JsonNode tree = jsonObject(body);
    S3Notification notification = s3Notification(tree);
    if (notification.isTestEvent()) {
      return List.of();
    }
    if (notification.isObjectEvent()) {
      return notification.records().stream().map(this::fromS3Record).toList();
    }
    requireIngestBatch(tree.path("type"));
    requireKnownDataset(tree.path("dataset"));
    return List.of(decode(body));
  }

  /**
   * The body as a JSON object. Body filter policies assume one, and no subscription filters here,
   * so anything at all may arrive: <a
   * href="https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html">SNS message
   * filtering</a>.
   */
  private static JsonNode jsonObject(String body) {
    JsonNode tree;
    try {
      tree = EnvelopeCodec.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new UnroutableMessageException(
          Reason.NOT_JSON, "message body is not JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new UnroutableMessageException(
          Reason.NOT_A_JSON_OBJECT,
          "message body is JSON but not an object: "
              + (tree == null ? "empty" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return tree;
  }

  private static void requireIngestBatch(JsonNode type) {
    String wanted = MessageType.INGEST_BATCH.wireName();
    if (!type.isTextual() || !wanted.equals(type.asText())) {
      throw new UnroutableMessageException(
          Reason.NOT_AN_INGEST_BATCH,
          "validation consumes %s, not %s: publish only %s to the ingest topic"
              .formatted(wanted, type.isMissingNode() ? "a message without type" : type, wanted));
    }
  }

  private void requireKnownDataset(JsonNode dataset) {
    if (!dataset.isTextual() || dataset.asText().isEmpty()) {
      throw new UnroutableMessageException(
          Reason.NO_DATASET,
          "the envelope names no dataset (%s); known: %s"
              .formatted(dataset.isMissingNode() ? "no dataset field" : dataset, sorted()));
    }
    requireKnownDataset(dataset.asText());
  }

  private void requireKnownDataset(String dataset) {
    if (!datasets.contains(dataset)) {
      throw new UnroutableMessageException(
          Reason.UNKNOWN_DATASET,
          "no data contract for dataset '%s' in this deployment (known: %s)"
              .formatted(dataset, sorted()));
    }
  }

  private Envelope decode(String body) {
    try {
      return codec.decode(body);
    } catch (InvalidMessageException e) {
      throw new UnroutableMessageException(Reason.BREAKS_CONTRACT, e.getMessage(), e);
    }
  }

  /** The body as an S3 notification; one with neither records nor an event if it is not. */
  private static S3Notification s3Notification(JsonNode tree) {
    try {
      return EnvelopeCodec.mapper().treeToValue(tree, S3Notification.class);
    } catch (JsonProcessingException notANotification) {
      return NOT_A_NOTIFICATION;
    }
  }

  private Envelope fromS3Record(S3Notification.EventRecord record) {
    String bucket = record.s3().bucket().name();
    // S3 URL-encodes keys in notifications (spaces as '+')
    String key = URLDecoder.decode(record.s3().object().key(), StandardCharsets.UTF_8);
    String dataset = datasetOf(key);
    requireKnownDataset(dataset);
    String eTag = record.s3().object().eTag() == null ? "" : record.s3().object().eTag();
    String versionId = record.s3().object().stableVersionId();
    String batchId = "s3-" + shortHash(objectIdentity(bucket, key, versionId, eTag));
    IngestBatchV1 batch =
        IngestBatchV1.objectCreated(
            batchId,
            new ObjectCreated(
                bucket,
                key,
                record.s3().object().size(),
                eTag.isEmpty() ? null : eTag,
                record.s3().object().sequencer(),
                versionId));
    Envelope envelope =
        Envelope.originating(
            batchId + ".ingest",
            batch,
            codec.currentVersion(IngestBatchV1.SCHEMA),
            S3_SOURCE,
            parseTime(record.eventTime()),
            dataset,
            batchId);
    codec.encode(envelope); // the synthetic envelope meets the same contract as a published one
    return envelope;
  }

  /**
   * What the notified object is, from the notification alone, so a redelivery of the same
   * notification maps to the same batch: its version when the bucket keeps versions (an overwrite
   * is a new version, so a new batch), otherwise its ETag (the form batch ids had before versions
   * were read, kept so notifications in flight across a deployment keep their batch).
   */
  private static String objectIdentity(String bucket, String key, String versionId, String eTag) {
    return versionId != null
        ? bucket + "/" + key + "?versionId=" + versionId
        : bucket + "/" + key + "@" + eTag;
  }

  private String datasetOf(String key) {
    if (!key.startsWith(INCOMING_PREFIX) || key.indexOf('/', INCOMING_PREFIX.length()) < 0) {
      throw new UnroutableMessageException(
          Reason.NO_DATASET,
          "dropped object '%s' is not under incoming/<dataset>/ (known datasets: %s)"
              .formatted(key, sorted()));
    }
    return key.substring(INCOMING_PREFIX.length(), key.indexOf('/', INCOMING_PREFIX.length()));
  }

  private List<String> sorted() {
    return datasets.stream().sorted().toList();
  }

  private static Instant parseTime(String text) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return Instant.now();
    }
  }

  private static String shortHash(String text) {
    return Sha256.hex(text).substring(0, BATCH_HASH_CHARS);
  }
}
