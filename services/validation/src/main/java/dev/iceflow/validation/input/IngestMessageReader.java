package dev.iceflow.validation.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.InvalidMessageException;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.contracts.message.MessageType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns an SQS message body into ingest.batch envelopes: an envelope published through SNS (raw or
 * wrapped), or an S3 event notification for files dropped in the raw bucket (one envelope per
 * object, with a batch id derived from the object so a redelivery maps to the same batch). S3's
 * {@code s3:TestEvent} yields none.
 */
public final class IngestMessageReader {

  /** Dropped files live under incoming/&lt;dataset&gt;/...; the dataset is read from the key. */
  public static final String INCOMING_PREFIX = "incoming/";

  private static final String S3_TEST_EVENT = "s3:TestEvent";
  private static final String S3_SOURCE = "urn:iceflow:s3-notification";
  private static final int BATCH_HASH_CHARS = 24;

  private final EnvelopeCodec codec;

  public IngestMessageReader(EnvelopeCodec codec) {
    this.codec = codec;
  }

  public List<Envelope> read(String sqsBody) {
    String body = SqsBody.unwrap(sqsBody);
    JsonNode tree;
    try {
      tree = EnvelopeCodec.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException("message body is not JSON", e);
    }
    if (tree != null && S3_TEST_EVENT.equals(tree.path("Event").asText())) {
      return List.of();
    }
    if (tree != null
        && tree.has("Records")
        && tree.path("Records").path(0).path("eventSource").asText().equals("aws:s3")) {
      List<Envelope> envelopes = new ArrayList<>();
      tree.get("Records").forEach(r -> envelopes.add(fromS3Record(r)));
      return envelopes;
    }
    Envelope envelope = codec.decode(body);
    if (envelope.messageType() != MessageType.INGEST_BATCH) {
      throw new InvalidMessageException(
          "validation consumes ingest.batch, not " + envelope.type(), List.of());
    }
    return List.of(envelope);
  }

  private Envelope fromS3Record(JsonNode record) {
    String bucket = record.path("s3").path("bucket").path("name").asText();
    // S3 URL-encodes keys in notifications (spaces as '+')
    String key =
        URLDecoder.decode(
            record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
    String eTag = record.path("s3").path("object").path("eTag").asText("");
    String batchId = "s3-" + shortHash(bucket + "/" + key + "@" + eTag);
    ObjectNode object =
        EnvelopeCodec.mapper().createObjectNode().put("bucket", bucket).put("key", key);
    if (record.path("s3").path("object").has("size")) {
      object.put("size", record.path("s3").path("object").path("size").asLong());
    }
    if (!eTag.isEmpty()) {
      object.put("eTag", eTag);
    }
    if (record.path("s3").path("object").has("sequencer")) {
      object.put("sequencer", record.path("s3").path("object").path("sequencer").asText());
    }
    ObjectNode data = EnvelopeCodec.mapper().createObjectNode().put("batchId", batchId);
    data.set("objectCreated", object);
    Instant time = parseTime(record.path("eventTime").asText());
    Envelope envelope =
        Envelope.originating(
            batchId + ".ingest",
            MessageType.INGEST_BATCH,
            codec.currentVersion(MessageType.INGEST_BATCH),
            S3_SOURCE,
            time,
            datasetOf(key),
            batchId,
            data);
    codec.encode(envelope); // the synthetic envelope meets the same contract as a published one
    return envelope;
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
