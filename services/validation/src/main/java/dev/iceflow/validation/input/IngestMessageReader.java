package dev.iceflow.validation.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.contracts.message.payload.IngestBatchV1.ObjectCreated;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns an SQS message body into ingest.batch envelopes: an envelope published through SNS (raw or
 * wrapped), or an S3 event notification for files dropped in the raw bucket (one envelope per
 * object version, with a batch id derived from the object so a redelivery maps to the same batch).
 * S3's {@code s3:TestEvent} yields none.
 */
public final class IngestMessageReader {

  /** Dropped files live under incoming/&lt;dataset&gt;/...; the dataset is read from the key. */
  public static final String INCOMING_PREFIX = "incoming/";

  private static final String S3_SOURCE = "urn:iceflow:s3-notification";
  private static final int BATCH_HASH_CHARS = 24;
  private static final S3Notification NOT_A_NOTIFICATION = new S3Notification(null, null);

  private final EnvelopeCodec codec;

  public IngestMessageReader(EnvelopeCodec codec) {
    this.codec = codec;
  }

  public List<Envelope> read(String sqsBody) {
    String body = SqsBody.unwrap(sqsBody);
    JsonNode tree = json(body);
    S3Notification notification = s3Notification(tree);
    if (notification.isTestEvent()) {
      return List.of();
    }
    if (notification.isObjectEvent()) {
      return notification.records().stream().map(this::fromS3Record).toList();
    }
    requireIngestBatchType(tree);
    return List.of(codec.decode(body));
  }

  private static JsonNode json(String body) {
    try {
      return EnvelopeCodec.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException("message body is not JSON", e);
    }
  }

  /**
   * The ingest topic routes on the dataset alone, so another event of a known dataset arrives here
   * too; say so, rather than list how it breaks the ingest.batch contract.
   */
  private static void requireIngestBatchType(JsonNode tree) {
    JsonNode type = tree.path("type");
    if (type.isTextual() && !MessageType.INGEST_BATCH.wireName().equals(type.asText())) {
      throw new InvalidMessageException(
          "validation consumes %s, not %s: publish only %s to the ingest topic"
              .formatted(MessageType.INGEST_BATCH, type.asText(), MessageType.INGEST_BATCH),
          List.of());
    }
  }

  /** The body as an S3 notification; one with neither records nor an event if it is not. */
  private static S3Notification s3Notification(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      return NOT_A_NOTIFICATION; // the envelope decoder says why
    }
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
            datasetOf(key),
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

  private static String datasetOf(String key) {
    if (!key.startsWith(INCOMING_PREFIX) || key.indexOf('/', INCOMING_PREFIX.length()) < 0) {
      throw new InvalidMessageException(
          "dropped object '%s' is not under incoming/<dataset>/, so its dataset is unknown"
              .formatted(key),
          List.of());
    }
    return key.substring(INCOMING_PREFIX.length(), key.indexOf('/', INCOMING_PREFIX.length()));
  }

  private static Instant parseTime(String text) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return Instant.now();
    }
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, BATCH_HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
