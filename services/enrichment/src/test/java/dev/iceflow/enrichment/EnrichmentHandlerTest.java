package dev.iceflow.enrichment;

import static dev.iceflow.testkit.lambda.HandlerHarness.batchId;
import static dev.iceflow.testkit.lambda.HandlerHarness.failedMessageIds;
import static dev.iceflow.testkit.lambda.HandlerHarness.json;
import static dev.iceflow.testkit.lambda.HandlerHarness.message;
import static dev.iceflow.testkit.lambda.HandlerHarness.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.iceberg.TableRows;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The packaged handler through Quarkus' mock Lambda event server against the embedded AWS and the
 * local Iceberg catalog: staged records in, Parquet data files and datafiles.staged out.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class EnrichmentHandlerTest {

  private static HandlerHarness handler;
  private static Catalog catalog;

  @BeforeAll
  static void connect() {
    handler = HandlerHarness.consuming("enrichment");
    Fixtures.uploadAirports(handler.aws());
    catalog = handler.aws().openCatalog();
  }

  @AfterAll
  static void disconnect() {
    handler.close();
  }

  @BeforeEach
  void emptyQueues() {
    handler.drain("commit", "cost-guard");
  }

  @Test
  void shouldWritePartitionedParquetFilesAndAnnounceThemForCommit() throws Exception {
    String batchId = batchId();
    List<ObjectNode> flights = Fixtures.flights().subList(0, 40);

    JsonNode response = handler.invoke("m-1", batchValidated(batchId, flights));

    assertThat(failedMessageIds(response)).isEmpty();
    JsonNode staged = arrived("commit", "datafiles.staged", batchId).get("data");
    assertThat(staged.get("recordCount").asInt()).isEqualTo(40);
    assertThat(staged.get("table").get("name").asText()).isEqualTo("flights");
    for (JsonNode file : staged.get("files")) {
      assertThat(file.get("path").asText())
          .startsWith("s3://iceflow-local-warehouse/iceflow/flights/data/event_day=");
      assertThat(file.get("lowerBounds").has("1")).isTrue();
      String key = file.get("path").asText().substring("s3://iceflow-local-warehouse/".length());
      assertThat(
              handler
                  .s3()
                  .headObject(r -> r.bucket("iceflow-local-warehouse").key(key))
                  .contentLength())
          .isEqualTo(file.get("fileSizeInBytes").asLong());
    }

    List<Record> rows = commitAndRead(staged, batchId);
    assertThat(rows).hasSize(40);
    Record first =
        rows.stream()
            .filter(r -> (int) r.getField("record_position") == 0)
            .findFirst()
            .orElseThrow();
    ObjectNode input = flights.get(0);
    assertThat(first.getField("route"))
        .isEqualTo(input.get("origin").asText() + "-" + input.get("destination").asText());
    assertThat(first.getField("event_time"))
        .isEqualTo(
            LocalDateTime.parse(input.get("date").asText().replace('/', '-').replace(' ', 'T')));
    assertThat(first.getField("origin_city")).isNotNull();
    assertThat(first.getField("distance_band")).isIn("short", "medium", "long");
  }

  @Test
  void shouldQuarantineARecordWhoseJoinFails_andStageTheRest() throws Exception {
    String batchId = batchId();
    List<ObjectNode> flights = new ArrayList<>(Fixtures.flights().subList(0, 3));
    flights.add(
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("date", "2001/01/05 10:00")
            .put("delay", 3)
            .put("distance", 300)
            .put("origin", "QQQ")
            .put("destination", "LAS"));

    handler.invoke("m-2", batchValidated(batchId, flights));

    JsonNode rejected = arrived("cost-guard", "records.rejected", batchId).get("data");
    assertThat(rejected.get("stage").asText()).isEqualTo("enrichment");
    assertThat(rejected.get("reasons").get("join-airports-origin").asInt()).isEqualTo(1);
    String line =
        handler.read(handler.bucket("quarantine"), "enrichment/flights/" + batchId + ".ndjson");
    assertThat(EnvelopeCodec.mapper().readTree(line).get("position").asInt()).isEqualTo(3);
    assertThat(
            arrived("commit", "datafiles.staged", batchId).get("data").get("recordCount").asInt())
        .isEqualTo(3);
  }

  @Test
  void shouldNameEachAttemptsFilesApart_soARetryNeverOverwritesACommittedFile() throws Exception {
    String batchId = batchId();
    ObjectNode message = batchValidated(batchId, Fixtures.flights().subList(0, 5));

    handler.invoke("first", message);
    JsonNode first = arrived("commit", "datafiles.staged", batchId).get("data");
    handler.invoke("again", message);
    JsonNode second = arrived("commit", "datafiles.staged", batchId).get("data");

    assertThat(second.get("attempt").asText()).isNotEqualTo(first.get("attempt").asText());
    List<String> firstPaths = new ArrayList<>();
    first.get("files").forEach(f -> firstPaths.add(f.get("path").asText()));
    second.get("files").forEach(f -> assertThat(firstPaths).doesNotContain(f.get("path").asText()));
  }

  @Test
  void shouldQuarantineOnlyTheRecordsOfAnAirportWithABadLatitude_andStageTheRest()
      throws Exception {
    String batchId = batchId();
    List<ObjectNode> flights = Fixtures.flights().subList(0, 20);
    String broken = flights.get(0).get("origin").asText();
    long touching =
        flights.stream()
            .filter(
                f ->
                    f.get("origin").asText().equals(broken)
                        || f.get("destination").asText().equals(broken))
            .count();
    String airports = airportsCsv();
    String withBadLatitude =
        airports
            .lines()
            .map(line -> line.startsWith(broken + ",") ? withLatitude(line, "north") : line)
            .collect(Collectors.joining("\n", "", "\n"));
    assertThat(withBadLatitude).contains(",north,");
    assertThat(touching).isBetween(1L, 19L);
    putAirports(withBadLatitude);
    try {
      JsonNode response = handler.invoke("bad-ref", batchValidated(batchId, flights));

      assertThat(failedMessageIds(response)).isEmpty();
      JsonNode rejected = arrived("cost-guard", "records.rejected", batchId).get("data");
      assertThat(rejected.get("reasons").get("reference-value-invalid").asLong())
          .isEqualTo(touching);
      String quarantined =
          handler.read(handler.bucket("quarantine"), "enrichment/flights/" + batchId + ".ndjson");
      assertThat(quarantined.lines())
          .hasSize((int) touching)
          .allSatisfy(l -> assertThat(l).contains("airports row '" + broken + "'", "'north'"));
      assertThat(
              arrived("commit", "datafiles.staged", batchId)
                  .get("data")
                  .get("recordCount")
                  .asLong())
          .isEqualTo(20 - touching);
    } finally {
      putAirports(airports);
    }
  }

  @Test
  void shouldWriteApartTheFilesOfTwoMessagesOfOneBatchInOneInvocation() throws Exception {
    String batchId = batchId();
    ObjectNode message = batchValidated(batchId, Fixtures.flights().subList(0, 5));

    JsonNode response = handler.invoke(message("one", message), message("two", message));

    assertThat(failedMessageIds(response)).isEmpty();
    // the FIFO topic lets one datafiles.staged through (same id); each message wrote its own files
    JsonNode staged = arrived("commit", "datafiles.staged", batchId).get("data");
    List<String> written = warehouseKeysOf(batchId);
    assertThat(written).hasSize(2 * staged.get("files").size()).doesNotHaveDuplicates();
    for (JsonNode file : staged.get("files")) {
      String key = file.get("path").asText().substring("s3://iceflow-local-warehouse/".length());
      assertThat(written).contains(key);
      assertThat(
              handler
                  .s3()
                  .headObject(r -> r.bucket("iceflow-local-warehouse").key(key))
                  .contentLength())
          .isEqualTo(file.get("fileSizeInBytes").asLong());
    }
  }

  @Test
  void shouldStageABatchWithTheLongestIdTheIngestContractAllows() throws Exception {
    String batchId = "b-" + "x".repeat(98);

    JsonNode response =
        handler.invoke("long-id", batchValidated(batchId, Fixtures.flights().subList(0, 2)));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(arrived("commit", "datafiles.staged", batchId).get("data").get("attempt").asText())
        .startsWith(batchId);
  }

  @Test
  void shouldJoinTheReferenceVersionTheBatchWasValidatedWith_thoughTheObjectChangedSince()
      throws Exception {
    String batchId = batchId();
    List<ObjectNode> flights = Fixtures.flights().subList(0, 10);
    String gone = flights.get(0).get("origin").asText();
    String airports = airportsCsv();
    String withoutGone =
        airports
            .lines()
            .filter(line -> !line.startsWith(gone + ","))
            .collect(Collectors.joining("\n", "", "\n"));
    assertThat(withoutGone).isNotEqualTo(airports);
    PutObjectResponse validatedWith = putAirports(airports);
    ObjectNode message = batchValidated(batchId, flights);
    pinAirports(message, validatedWith.versionId(), validatedWith.eTag());
    putAirports(withoutGone); // overwritten between validation and enrichment (or its retry)
    try {
      JsonNode response = handler.invoke("pinned", message);

      assertThat(failedMessageIds(response)).isEmpty();
      assertThat(
              arrived("commit", "datafiles.staged", batchId).get("data").get("recordCount").asInt())
          .isEqualTo(10);
    } finally {
      putAirports(airports);
    }
  }

  @Test
  void shouldFailABatchWhosePinnedReferenceVersionIsNotTheObjectItNames() throws Exception {
    PutObjectResponse current = putAirports(airportsCsv());
    ObjectNode message = batchValidated(batchId(), Fixtures.flights().subList(0, 2));
    pinAirports(message, current.versionId(), "\"not-its-etag\"");

    JsonNode response = handler.invoke("mismatch", message);

    assertThat(failedMessageIds(response)).containsExactly("mismatch");
  }

  @Test
  void shouldParkAMessageThatIsNotABatchValidated_withItsReason() throws Exception {
    String batchId = batchId();
    ObjectNode notValidated = batchValidated(batchId, Fixtures.flights().subList(0, 1));
    notValidated.put("type", "table.committed");

    JsonNode response = handler.invoke("wrong", notValidated);

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(
            handler
                .awaitMessage("enrichment-dlq", batchId)
                .messageAttributes()
                .get(DeadLetterParking.REASON_ATTRIBUTE)
                .stringValue())
        .contains("breaks its contract");
  }

  /** Every object enrichment wrote under the flights table's data for {@code batchId}. */
  private static List<String> warehouseKeysOf(String batchId) {
    List<String> keys = new ArrayList<>();
    handler
        .s3()
        .listObjectsV2Paginator(
            r -> r.bucket("iceflow-local-warehouse").prefix("iceflow/flights/data/"))
        .contents()
        .forEach(
            o -> {
              if (o.key().contains(batchId)) {
                keys.add(o.key());
              }
            });
    return keys;
  }

  private static void pinAirports(ObjectNode message, String versionId, String eTag) {
    message.put("version", "1.1");
    ((ObjectNode) message.get("data"))
        .putObject("referenceVersions")
        .putObject("airports")
        .put("versionId", versionId)
        .put("eTag", eTag);
  }

  private static String airportsCsv() throws Exception {
    try (var in =
        EnrichmentHandlerTest.class
            .getClassLoader()
            .getResourceAsStream("fixtures/airports-sample.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The airports.csv row with its latitude (the sixth column) replaced. */
  private static String withLatitude(String row, String latitude) {
    String[] cells = row.split(",", -1);
    cells[5] = latitude;
    return String.join(",", cells);
  }

  private static PutObjectResponse putAirports(String csv) {
    return handler
        .s3()
        .putObject(
            r -> r.bucket(handler.bucket("reference")).key(Fixtures.AIRPORTS_KEY),
            RequestBody.fromString(csv));
  }

  private static List<Record> commitAndRead(JsonNode staged, String batchId) throws Exception {
    Table table = catalog.loadTable(TableIdentifier.of("iceflow", "flights"));
    AppendFiles append = table.newAppend();
    for (JsonNode file : staged.get("files")) {
      DataFile dataFile =
          DataFiles.builder(table.spec())
              .withPath(file.get("path").asText())
              .withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(file.get("fileSizeInBytes").asLong())
              .withRecordCount(file.get("recordCount").asLong())
              .withPartitionPath(partitionPath(file.get("path").asText()))
              .build();
      append.appendFile(dataFile);
    }
    append.commit();
    return TableRows.ofBatch(catalog.loadTable(TableIdentifier.of("iceflow", "flights")), batchId);
  }

  private static String partitionPath(String path) {
    int start = path.indexOf("/data/") + "/data/".length();
    return path.substring(start, path.lastIndexOf('/'));
  }

  private static JsonNode arrived(String queue, String type, String batchId) {
    return handler.awaitEnvelope(queue, type(type), batchId);
  }

  private static ObjectNode batchValidated(String batchId, List<ObjectNode> records) {
    String key = "validated/flights/" + batchId + ".ndjson.gz";
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < records.size(); i++) {
      ObjectNode line = EnvelopeCodec.mapper().createObjectNode().put("position", i);
      line.set("record", records.get(i));
      ndjson.append(line).append('\n');
    }
    handler.put(handler.bucket("staging"), key, HandlerHarness.gzip(ndjson.toString()));
    ObjectNode data =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("batchId", batchId)
            .put("contractVersion", "1.0")
            .put("inputRecords", records.size())
            .put("validRecords", records.size())
            .put("rejectedRecords", 0);
    data.putObject("staged")
        .put("bucket", handler.bucket("staging"))
        .put("key", key)
        .put("format", "ndjson")
        .put("compression", "gzip")
        .put("recordCount", records.size());
    data.put("earliestIngestTime", "2026-11-26T08:00:00Z");
    return json(
        Envelope.originating(
            batchId + ".validated",
            MessageType.BATCH_VALIDATED,
            "1.0",
            "urn:iceflow:validation",
            Instant.now(),
            "flights",
            batchId,
            data));
  }
}
