package dev.iceflow.validation;

import static dev.iceflow.testkit.lambda.HandlerHarness.batchId;
import static dev.iceflow.testkit.lambda.HandlerHarness.failedMessageIds;
import static dev.iceflow.testkit.lambda.HandlerHarness.gzip;
import static dev.iceflow.testkit.lambda.HandlerHarness.json;
import static dev.iceflow.testkit.lambda.HandlerHarness.message;
import static dev.iceflow.testkit.lambda.HandlerHarness.ndjson;
import static dev.iceflow.testkit.lambda.HandlerHarness.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.common.reference.ReferencePins;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import dev.iceflow.validation.input.IngestMessageReader;
import dev.iceflow.validation.output.UnroutedMessages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged handler through Quarkus' mock Lambda event server (rest-assured posts SQS events),
 * against the embedded AWS: real S3 objects, real SNS → SQS deliveries.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class ValidationHandlerTest {

  private static HandlerHarness handler;

  @BeforeAll
  static void connect() {
    handler = HandlerHarness.consuming("validation-ingest");
    Fixtures.uploadAirports(handler.aws());
  }

  @AfterAll
  static void disconnect() {
    handler.close();
  }

  @BeforeEach
  void emptyTheAnnouncementQueue() {
    handler.drain("cost-guard", "ingest-unrouted", "validation-ingest-dlq");
  }

  @Test
  void shouldStageValidRecordsAndQuarantineBrokenOnes_withAReasonEach() throws Exception {
    String batchId = batchId();
    List<ObjectNode> records = new ArrayList<>(Fixtures.flights().subList(0, 8));
    records.add(flight("2001/01/01 00:47", 5, 100, "DTW", "DTW")); // origin = destination
    records.add(flight("2001/02/30 10:00", 5, 100, "DTW", "LAS")); // no such day
    records.add(flight("2001/01/01 10:00", 5, 100, "DTW", "ZZZ")); // unknown airport
    records.get(0).put("delay", "late"); // wrong type

    JsonNode response = handler.invoke("m-1", ingest(batchId, records));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(staged(batchId)).hasSize(7);
    List<JsonNode> quarantined = quarantined(batchId);
    assertThat(quarantined)
        .extracting(q -> q.get("rule").asText())
        .containsExactly(
            "field-type", "origin-differs-from-destination", "field-format", "destination-known");
    assertThat(quarantined).extracting(q -> q.get("position").asInt()).containsExactly(0, 8, 9, 10);
    assertThat(quarantined)
        .allSatisfy(
            q -> {
              assertThat(q.get("batchId").asText()).isEqualTo(batchId);
              assertThat(q.get("message").asText()).isNotBlank();
            });

    JsonNode validated = announced("batch.validated", batchId);
    JsonNode rejected = announced("records.rejected", batchId);
    assertThat(validated.get("validRecords").asInt() + validated.get("rejectedRecords").asInt())
        .isEqualTo(validated.get("inputRecords").asInt())
        .isEqualTo(11);
    assertThat(rejected.get("rejectedRecords").asInt()).isEqualTo(4);
    assertThat(rejected.get("reasons").get("destination-known").asInt()).isEqualTo(1);
  }

  @Test
  void
      shouldParkAnUnknownContractVersionInTheDlq_andAnUnknownDatasetInIngestUnrouted_notTheirNeighbour()
          throws Exception {
    String badVersion = batchId();
    ObjectNode unknownVersion = ingest(badVersion, Fixtures.flights().subList(0, 2));
    ((ObjectNode) unknownVersion.get("data")).put("contractVersion", "2.0");
    String badDataset = batchId();
    ObjectNode unknownDataset = ingest(badDataset, Fixtures.flights().subList(0, 2));
    unknownDataset.put("dataset", "parcels");
    String goodBatch = batchId();

    JsonNode response =
        handler.invoke(
            message("bad-version", unknownVersion),
            message("good-1", ingest(goodBatch, Fixtures.flights().subList(0, 3))),
            message("bad-dataset", unknownDataset));

    // they can never succeed here: parked in the DLQ at once, not retried maxReceiveCount times
    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(parkedReason(badVersion)).contains("cannot read records of contract 2.0");
    assertThat(
            handler
                .awaitMessage("ingest-unrouted", badDataset)
                .messageAttributes()
                .get(UnroutedMessages.DETAIL)
                .stringValue())
        .as("a dataset this deployment has no contract for cannot be routed")
        .contains("no data contract for dataset 'parcels'");
    assertThat(staged(goodBatch)).hasSize(3);
  }

  private static String parkedReason(String batchId) {
    return handler
        .awaitMessage("validation-ingest-dlq", batchId)
        .messageAttributes()
        .get(DeadLetterParking.REASON_ATTRIBUTE)
        .stringValue();
  }

  @Test
  void shouldReadAGzippedNdjsonClaimCheck_andKeepAnUnparsableLineInTheQuarantine()
      throws Exception {
    String batchId = batchId();
    String key = "claims/flights/" + batchId + ".ndjson.gz";
    StringBuilder ndjson = new StringBuilder();
    Fixtures.flights().subList(0, 6).forEach(f -> ndjson.append(f).append('\n'));
    ndjson.append("{not json\n");
    handler.put(handler.bucket("raw"), key, gzip(ndjson.toString()));
    ObjectNode claim = ingest(batchId, List.of());
    ObjectNode data = (ObjectNode) claim.get("data");
    data.remove("records");
    data.putObject("claimCheck")
        .put("bucket", handler.bucket("raw"))
        .put("key", key)
        .put("format", "ndjson")
        .put("compression", "gzip")
        .put("recordCount", 7);

    JsonNode response = handler.invoke("claim-1", claim);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(staged(batchId)).hasSize(6);
    JsonNode quarantined = quarantined(batchId).get(0);
    assertThat(quarantined.get("rule").asText()).isEqualTo("record-not-json");
    assertThat(quarantined.get("position").asInt()).isEqualTo(6);
    assertThat(quarantined.get("raw").asText()).isEqualTo("{not json");
  }

  @Test
  void shouldValidateAGzippedCsvDroppedInTheRawBucket() throws Exception {
    String key = "incoming/flights/" + UUID.randomUUID() + ".csv.gz";
    List<ObjectNode> flights = Fixtures.flights().subList(0, 5);
    StringBuilder csv = new StringBuilder("date,delay,distance,origin,destination\n");
    flights.forEach(
        f ->
            csv.append(
                "%s,%s,%s,%s,%s\n"
                    .formatted(
                        f.get("date").asText(),
                        f.get("delay").asText(),
                        f.get("distance").asText(),
                        f.get("origin").asText(),
                        f.get("destination").asText())));
    csv.append("2001/01/01 00:47,soon,10,DTW,LAS\n");
    byte[] object = gzip(csv.toString());
    handler.put(handler.bucket("raw"), key, object);
    // the raw bucket's own notification, as S3 delivers it to the validation queue
    Message notification =
        handler.awaitMessage("validation-ingest", key.substring(key.lastIndexOf('/') + 1));
    String batchId = droppedBatchId(notification);

    JsonNode response = handler.invoke("s3-1", json(notification.body()));

    assertThat(failedMessageIds(response)).isEmpty();
    JsonNode validated = announced("batch.validated", batchId);
    assertThat(validated.get("validRecords").asInt()).isEqualTo(5);
    assertThat(validated.get("rejectedRecords").asInt()).isEqualTo(1);
    assertThat(validated.get("inputBytes").asLong())
        .as("the dropped object's size as stored, compressed")
        .isEqualTo(object.length);
    assertThat(staged(batchId))
        .extracting(s -> s.get("record").get("origin").asText())
        .containsExactlyElementsOf(flights.stream().map(f -> f.get("origin").asText()).toList());
    JsonNode rejected = quarantined(batchId).get(0);
    assertThat(rejected.get("rule").asText()).isEqualTo("field-type");
    assertThat(rejected.get("position").asInt()).isEqualTo(5);
  }

  @Test
  void shouldQuarantineOnlyACsvRowWithSixFields_andStageEveryOtherRow() throws Exception {
    String batchId = batchId();
    StringBuilder csv = new StringBuilder("date,delay,distance,origin,destination\n");
    List<ObjectNode> flights = Fixtures.flights().subList(0, 5);
    for (int i = 0; i < flights.size(); i++) {
      csv.append(csvRow(flights.get(i))).append(i == 2 ? ",surplus\n" : "\n");
    }

    JsonNode response = handler.invoke("csv-1", claimCheck(batchId, "csv", csv.toString(), 5));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(staged(batchId))
        .extracting(l -> l.get("position").asInt())
        .containsExactly(0, 1, 3, 4);
    JsonNode quarantined = onlyQuarantined(batchId);
    assertThat(quarantined.get("rule").asText()).isEqualTo("csv-field-count");
    assertThat(quarantined.get("message").asText())
        .isEqualTo("the row has 6 fields, the header has 5");
    assertThat(quarantined.get("position").asInt()).isEqualTo(2);
    assertThat(quarantined.get("raw").asText()).isEqualTo(csvRow(flights.get(2)) + ",surplus");
    assertThat(announced("batch.validated", batchId).get("inputBytes").asLong())
        .as("the claim-check object's size")
        .isEqualTo(csv.toString().getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void shouldReportTheUtf8SizeOfInlineRecordsAsInputBytes_rejectedOnesIncluded() throws Exception {
    String batchId = batchId();
    List<String> texts =
        List.of(
            "{\"date\":\"2001/01/01 00:47\",\"delay\":5,\"distance\":100,\"origin\":\"DTW\",\"destination\":\"LAS\"}",
            "{\"date\":\"2001/01/01 10:00\",\"delay\":-3,\"distance\":250,\"origin\":\"ZÜR\",\"destination\":\"LAS\"}");
    List<ObjectNode> records = new ArrayList<>();
    for (String text : texts) {
      records.add((ObjectNode) EnvelopeCodec.mapper().readTree(text));
    }
    long utf8Bytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
    assertThat(utf8Bytes)
        .as("a record with a multi-byte character tells bytes from characters")
        .isGreaterThan(texts.stream().mapToLong(String::length).sum());

    JsonNode response = handler.invoke("inline-bytes", ingest(batchId, records));

    assertThat(failedMessageIds(response)).isEmpty();
    JsonNode validated = announced("batch.validated", batchId);
    assertThat(validated.get("rejectedRecords").asInt()).isEqualTo(1);
    assertThat(validated.get("inputBytes").asLong()).isEqualTo(utf8Bytes);
  }

  @Test
  void shouldQuarantineOnlyAMalformedAndANonObjectJsonArrayElement_andStageEveryOtherRecord()
      throws Exception {
    String batchId = batchId();
    List<String> elements = new ArrayList<>();
    Fixtures.flights().subList(0, 4).forEach(f -> elements.add(f.toString()));
    elements.add(1, "{\"date\": 2001/01/01}");
    elements.add(3, "42");

    JsonNode response =
        handler.invoke(
            "array-1",
            claimCheck(batchId, "json-array", "[" + String.join(",\n", elements) + "]", 6));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(staged(batchId))
        .extracting(l -> l.get("position").asInt())
        .containsExactly(0, 2, 4, 5);
    List<JsonNode> quarantined = quarantined(batchId);
    assertThat(quarantined)
        .extracting(q -> q.get("position").asInt() + " " + q.get("rule").asText())
        .containsExactly("1 record-not-json", "3 record-not-object");
    assertThat(quarantined.get(0).get("raw").asText()).isEqualTo("{\"date\": 2001/01/01}");
    assertThat(quarantined.get(1).get("record").asInt()).isEqualTo(42);
  }

  @Test
  void shouldClassifyARetriedBatchAgainstTheReferenceVersionItsFirstAttemptUsed() throws Exception {
    String airports = airportsCsv();
    String withoutLas =
        airports
            .lines()
            .filter(line -> !line.startsWith("LAS,"))
            .collect(Collectors.joining("\n", "", "\n"));
    assertThat(withoutLas).isNotEqualTo(airports);
    String firstVersion = putAirports(withoutLas).versionId();
    try {
      String batchId = batchId();
      List<ObjectNode> records = new ArrayList<>();
      Fixtures.flights().stream()
          .filter(f -> !f.toString().contains("\"LAS\""))
          .limit(3)
          .forEach(records::add);
      records.add(flight("2001/01/01 10:00", 5, 100, "DTW", "LAS"));
      ObjectNode ingest = ingest(batchId, records);

      handler.invoke("first", ingest);
      JsonNode first = announced("batch.validated", batchId);
      putAirports(airports); // LAS is known again before the batch is retried
      handler.invoke("again", ingest);
      JsonNode retried = announced("batch.validated", batchId);

      assertThat(first.get("rejectedRecords").asInt()).isEqualTo(1);
      assertThat(retried.get("rejectedRecords").asInt()).isEqualTo(1);
      assertThat(retried.get("validRecords").asInt()).isEqualTo(3);
      assertThat(retried.at("/referenceVersions/airports/versionId").asText())
          .isEqualTo(first.at("/referenceVersions/airports/versionId").asText())
          .isEqualTo(firstVersion);
      assertThat(staged(batchId))
          .extracting(l -> l.get("position").asInt())
          .containsExactly(0, 1, 2);
      JsonNode quarantined = onlyQuarantined(batchId);
      assertThat(quarantined.get("rule").asText()).isEqualTo("destination-known");
      assertThat(quarantined.get("position").asInt()).isEqualTo(3);
    } finally {
      putAirports(airports);
    }
  }

  @Test
  void shouldRewriteTheSameObjectsAndMessageIds_whenAMessageIsRedelivered() throws Exception {
    String batchId = batchId();
    ObjectNode ingest = ingest(batchId, Fixtures.flights().subList(0, 4));

    handler.invoke("first", ingest);
    String firstId = announcedEnvelope("batch.validated", batchId).get("id").asText();
    handler.invoke("again", ingest);
    String secondId = announcedEnvelope("batch.validated", batchId).get("id").asText();

    assertThat(secondId).isEqualTo(firstId).isEqualTo(batchId + ".validated");
    assertThat(
            handler
                .s3()
                .listObjectsV2(
                    r -> r.bucket(handler.bucket("staging")).prefix("validated/flights/" + batchId))
                .contents())
        .extracting(S3Object::key)
        .containsExactlyInAnyOrder(
            "validated/flights/" + batchId + ".ndjson.gz",
            ReferencePins.key("flights", batchId)); // one of each, rewritten
  }

  /** An ingest.batch whose records wait in the raw bucket as an uncompressed claim-check. */
  private static ObjectNode claimCheck(String batchId, String format, String body, int records) {
    String key = "claims/flights/" + batchId + "." + format;
    handler.put(handler.bucket("raw"), key, body.getBytes(StandardCharsets.UTF_8));
    ObjectNode claim = ingest(batchId, List.of());
    ObjectNode data = (ObjectNode) claim.get("data");
    data.remove("records");
    data.putObject("claimCheck")
        .put("bucket", handler.bucket("raw"))
        .put("key", key)
        .put("format", format)
        .put("compression", "none")
        .put("recordCount", records);
    return claim;
  }

  private static JsonNode onlyQuarantined(String batchId) throws Exception {
    List<JsonNode> quarantined = quarantined(batchId);
    assertThat(quarantined).hasSize(1);
    return quarantined.get(0);
  }

  private static String csvRow(ObjectNode flight) {
    return "%s,%s,%s,%s,%s"
        .formatted(
            flight.get("date").asText(),
            flight.get("delay").asText(),
            flight.get("distance").asText(),
            flight.get("origin").asText(),
            flight.get("destination").asText());
  }

  private static String airportsCsv() throws Exception {
    try (var in =
        ValidationHandlerTest.class
            .getClassLoader()
            .getResourceAsStream("fixtures/airports-sample.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static PutObjectResponse putAirports(String csv) {
    return handler
        .s3()
        .putObject(
            r -> r.bucket(handler.bucket("reference")).key(Fixtures.AIRPORTS_KEY),
            RequestBody.fromString(csv));
  }

  private static JsonNode announced(String type, String batchId) {
    return announcedEnvelope(type, batchId).get("data");
  }

  private static JsonNode announcedEnvelope(String type, String batchId) {
    return handler.awaitEnvelope("cost-guard", type(type), batchId);
  }

  /** The batch id the stage gives a dropped file: derived from its notification, as it reads it. */
  private static String droppedBatchId(Message notification) {
    Contracts contracts = Contracts.packaged();
    return new IngestMessageReader(
            new EnvelopeCodec(contracts.messages()), contracts.datasets().keySet())
        .read(notification.body())
        .get(0)
        .correlationId();
  }

  static ObjectNode ingest(String batchId, List<ObjectNode> records) {
    ObjectNode data =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("batchId", batchId)
            .put("contractVersion", "1.0");
    ArrayNode array = data.putArray("records");
    records.forEach(r -> array.add(r.deepCopy()));
    return json(
        Envelope.originating(
            "test." + batchId,
            MessageType.INGEST_BATCH,
            "1.0",
            "validation-test",
            Instant.now(),
            "flights",
            batchId,
            data));
  }

  static ObjectNode flight(
      String date, int delay, int distance, String origin, String destination) {
    return EnvelopeCodec.mapper()
        .createObjectNode()
        .put("date", date)
        .put("delay", delay)
        .put("distance", distance)
        .put("origin", origin)
        .put("destination", destination);
  }

  private static List<JsonNode> staged(String batchId) {
    return ndjson(
        handler.readGzip(handler.bucket("staging"), "validated/flights/" + batchId + ".ndjson.gz"));
  }

  private static List<JsonNode> quarantined(String batchId) {
    return ndjson(
        handler.read(handler.bucket("quarantine"), "validation/flights/" + batchId + ".ndjson"));
  }
}
