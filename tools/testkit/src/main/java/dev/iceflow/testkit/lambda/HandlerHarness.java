package dev.iceflow.testkit.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.aws.SharedLocalAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What a {@code @QuarkusTest} of an SQS-fed handler does around the handler, against the shared
 * embedded AWS: invokes it through Quarkus' mock event server with messages from its queue, waits
 * for what it announced on a queue, and reads and writes the objects it works on.
 */
public final class HandlerHarness implements AutoCloseable {

  /** How long an announcement may take to arrive on its queue. */
  private static final Duration ARRIVAL = Duration.ofSeconds(10);

  private final LocalAws aws;
  private final String queueArn;
  private final S3Client s3;
  private final SqsClient sqs;
  private final QueueProbe probe;

  private HandlerHarness(LocalAws aws, String queueArn) {
    this.aws = aws;
    this.queueArn = queueArn;
    this.s3 = aws.clients().s3();
    this.sqs = aws.clients().sqs();
    this.probe = new QueueProbe(sqs);
  }

  /** For the handler fed by {@code queue} (the topology's name, e.g. "validation-ingest"). */
  public static HandlerHarness consuming(String queue) {
    LocalAws aws = SharedLocalAws.get();
    return new HandlerHarness(aws, aws.provisioned().queueArn(queue));
  }

  /** One message of an SQS event: its id and its body. */
  public record SqsMessage(String id, JsonNode body) {}

  public static SqsMessage message(String id, JsonNode body) {
    return new SqsMessage(id, body);
  }

  /** Invokes the handler with one SQS event holding {@code messages} in order; its response. */
  public JsonNode invoke(SqsMessage... messages) {
    return MockEventServer.invoke(
        SqsEvents.event(
            Arrays.stream(messages)
                .map(m -> SqsEvents.message(m.id(), m.body(), queueArn))
                .toArray(ObjectNode[]::new)));
  }

  /** Invokes the handler with one message. */
  public JsonNode invoke(String messageId, JsonNode body) {
    return invoke(message(messageId, body));
  }

  /** The ids of the messages the response reports as failed (ReportBatchItemFailures), in order. */
  public static List<String> failedMessageIds(JsonNode response) {
    List<String> ids = new ArrayList<>();
    response.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asText()));
    return ids;
  }

  /** Empties the named queues, so that a test sees only what it caused. */
  public void drain(String... queues) {
    for (String queue : queues) {
      probe.drain(aws.provisioned().queueUrl(queue));
    }
  }

  /** The body fragment that matches an envelope of {@code type}. */
  public static String type(String type) {
    return "\"type\":\"" + type + "\"";
  }

  /**
   * The first message on {@code queue} whose body contains every fragment (it is deleted; others
   * stay); fails when none arrives in time.
   */
  public Message awaitMessage(String queue, String... bodyContains) {
    return probe
        .await(
            aws.provisioned().queueUrl(queue),
            m -> Arrays.stream(bodyContains).allMatch(m.body()::contains),
            ARRIVAL)
        .orElseThrow(
            () ->
                new AssertionError(
                    "nothing on %s containing %s within %s"
                        .formatted(queue, Arrays.toString(bodyContains), ARRIVAL)));
  }

  /** As {@link #awaitMessage}, the body read as an envelope's JSON. */
  public JsonNode awaitEnvelope(String queue, String... bodyContains) {
    return json(awaitMessage(queue, bodyContains).body());
  }

  public LocalAws aws() {
    return aws;
  }

  public S3Client s3() {
    return s3;
  }

  /** The physical name of the topology's bucket {@code name} ("raw", "staging", ...). */
  public String bucket(String name) {
    return aws.provisioned().bucket(name);
  }

  public void put(String bucket, String key, byte[] content) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
  }

  public String read(String bucket, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
  }

  public String readGzip(String bucket, String key) {
    try (GZIPInputStream in = new GZIPInputStream(s3.getObject(r -> r.bucket(bucket).key(key)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON values of an NDJSON text, blank lines skipped. */
  public static List<JsonNode> ndjson(String text) {
    List<JsonNode> values = new ArrayList<>();
    text.lines().filter(l -> !l.isBlank()).forEach(l -> values.add(json(l)));
    return values;
  }

  public static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** An envelope as the JSON a queue delivers. */
  public static ObjectNode json(Envelope envelope) {
    return EnvelopeCodec.mapper().valueToTree(envelope);
  }

  /** A batch id no other test uses. */
  public static String batchId() {
    return "b-" + UUID.randomUUID();
  }

  /** A JSON text (a message body, an NDJSON line) read as a tree. */
  public static JsonNode json(String text) {
    try {
      return EnvelopeCodec.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not JSON: " + text, e);
    }
  }

  @Override
  public void close() {
    s3.close();
    sqs.close();
  }
}
