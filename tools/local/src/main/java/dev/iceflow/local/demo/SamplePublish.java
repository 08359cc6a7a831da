package dev.iceflow.local.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.emulator.LocalAws;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy-pasteable {@code aws sns publish} of a small flights ingest.batch (two inline records, as
 * contracts/messages/ingest.batch/v1/examples/valid-inline.json), checked against the message
 * contracts before it is printed.
 */
public final class SamplePublish {

  static final String SOURCE = "try-it";

  private static final DateTimeFormatter BATCH_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private static final String RECORDS =
      """
      [{"date": "2001/01/01 00:47", "delay": 66, "distance": 1750, "origin": "DTW", "destination": "LAS"},
       {"date": "2001/01/01 01:10", "delay": 95, "distance": 2399, "origin": "HNL", "destination": "SFO"}]""";

  private SamplePublish() {}

  /**
   * The command line: the emulator's dummy credentials inline, so it runs in any shell. A batch id
   * of this start's time: publishing it twice shows the second copy dropped as a duplicate.
   */
  public static String awsCli(LocalAws aws, DataContract flights, Instant now) {
    EnvelopeCodec codec = new EnvelopeCodec(aws.contracts().messages());
    String body = codec.encode(message(flights, now, codec));
    if (body.contains("'")) {
      throw new IllegalStateException("the sample message must not need shell escaping: " + body);
    }
    return "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s aws --endpoint-url %s --region %s sns publish --topic-arn %s --message '%s'"
        .formatted(
            AwsSettings.EMULATOR_ACCESS_KEY,
            AwsSettings.EMULATOR_SECRET_KEY,
            aws.endpoint(),
            LocalAws.REGION,
            aws.provisioned().topicArn(Topics.INGEST),
            body);
  }

  static Envelope message(DataContract flights, Instant now, EnvelopeCodec codec) {
    String batchId = batchId(now);
    List<JsonNode> records = new ArrayList<>();
    readRecords().forEach(records::add);
    return Envelope.originating(
        SOURCE + "." + batchId,
        new IngestBatchV1(batchId, flights.version(), records, null, null, null),
        codec.currentVersion(IngestBatchV1.SCHEMA),
        SOURCE,
        now.truncatedTo(ChronoUnit.SECONDS),
        flights.dataset(),
        batchId);
  }

  /** The sample batch's id: one per second, so a second publish a while later is a new batch. */
  public static String batchId(Instant now) {
    return "b-try-" + BATCH_TIME.format(now);
  }

  private static JsonNode readRecords() {
    try {
      return new ObjectMapper().readTree(RECORDS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the sample records are not JSON", e);
    }
  }
}
