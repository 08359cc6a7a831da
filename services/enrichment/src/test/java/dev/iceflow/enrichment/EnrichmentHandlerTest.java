package dev.iceflow.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.local.emulator.Fixtures;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.QueueProbe;
import dev.iceflow.local.emulator.SharedLocalAws;
import dev.iceflow.local.lambda.MockEventServer;
import dev.iceflow.local.lambda.SqsEvents;
import dev.iceflow.local.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged handler through Quarkus' mock Lambda event server against the embedded AWS and the
 * local Iceberg catalog: staged records in, Parquet data files and datafiles.staged out.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class EnrichmentHandlerTest {

  private static final String QUEUE_ARN =
      "arn:aws:sqs:us-east-1:123456789012:iceflow-local-enrichment";
  private static final Duration ARRIVAL = Duration.ofSeconds(10);

  private static LocalAws aws;
  private static S3Client s3;
  private static QueueProbe probe;
  private static Catalog catalog;

  @BeforeAll
  static void connect() {
    aws = SharedLocalAws.get();
    s3 = aws.clients().s3();
    probe = new QueueProbe(aws.clients().sqs());
    Fixtures.uploadAirports(aws);
    catalog = aws.openCatalog();
  }

  @AfterAll
  static void disconnect() {
    s3.close();
  }

  @BeforeEach
  void emptyQueues() {
    probe.drain(aws.provisioned().queueUrl("commit"));
    probe.drain(aws.provisioned().queueUrl("cost-guard"));
  }

  @Test
  void shouldWritePartitionedParquetFilesAndAnnounceThemForCommit() throws Exception {
    String batchId = batchId();
    List<ObjectNode> flights = Fixtures.flights().subList(0, 40);

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(SqsEvents.message("m-1", batchValidated(batchId, flights), QUEUE_ARN)));

    assertThat(response.path("batchItemFailures")).isEmpty();
    JsonNode staged = arrived("commit", "datafiles.staged", batchId).get("data");
    assertThat(staged.get("recordCount").asInt()).isEqualTo(40);
    assertThat(staged.get("table").get("name").asText()).isEqualTo("flights");
    for (JsonNode file : staged.get("files")) {
      assertThat(file.get("path").asText())
          .startsWith("s3://iceflow-local-warehouse/iceflow/flights/data/event_day=");
      assertThat(file.get("lowerBounds").has("1")).isTrue();
      String key = file.get("path").asText().substring("s3://iceflow-local-warehouse/".length());
      assertThat(s3.headObject(r -> r.bucket("iceflow-local-warehouse").key(key)).contentLength())
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

    MockEventServer.invoke(
        SqsEvents.event(SqsEvents.message("m-2", batchValidated(batchId, flights), QUEUE_ARN)));

    JsonNode rejected = arrived("cost-guard", "records.rejected", batchId).get("data");
    assertThat(rejected.get("stage").asText()).isEqualTo("enrichment");
    assertThat(rejected.get("reasons").get("join-airports-origin").asInt()).isEqualTo(1);
    String line =
        s3.getObjectAsBytes(
                r ->
                    r.bucket(aws.provisioned().bucket("quarantine"))
                        .key("enrichment/flights/" + batchId + ".ndjson"))
            .asUtf8String();
    assertThat(EnvelopeCodec.mapper().readTree(line).get("position").asInt()).isEqualTo(3);
    assertThat(
            arrived("commit", "datafiles.staged", batchId).get("data").get("recordCount").asInt())
        .isEqualTo(3);
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
      JsonNode response =
          MockEventServer.invoke(
              SqsEvents.event(
                  SqsEvents.message("bad-ref", batchValidated(batchId, flights), QUEUE_ARN)));

      assertThat(response.path("batchItemFailures")).isEmpty();
      JsonNode rejected = arrived("cost-guard", "records.rejected", batchId).get("data");
      assertThat(rejected.get("reasons").get("reference-value-invalid").asLong())
          .isEqualTo(touching);
      String quarantined =
          s3.getObjectAsBytes(
                  r ->
                      r.bucket(aws.provisioned().bucket("quarantine"))
                          .key("enrichment/flights/" + batchId + ".ndjson"))
              .asUtf8String();
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
  void shouldNameEachAttemptsFilesApart_soARetryNeverOverwritesACommittedFile() throws Exception {
    String batchId = batchId();
    ObjectNode message = batchValidated(batchId, Fixtures.flights().subList(0, 5));

    MockEventServer.invoke(SqsEvents.event(SqsEvents.message("first", message, QUEUE_ARN)));
    JsonNode first = arrived("commit", "datafiles.staged", batchId).get("data");
    MockEventServer.invoke(SqsEvents.event(SqsEvents.message("again", message, QUEUE_ARN)));
    JsonNode second = arrived("commit", "datafiles.staged", batchId).get("data");

    assertThat(second.get("attempt").asText()).isNotEqualTo(first.get("attempt").asText());
    List<String> firstPaths = new ArrayList<>();
    first.get("files").forEach(f -> firstPaths.add(f.get("path").asText()));
    second.get("files").forEach(f -> assertThat(firstPaths).doesNotContain(f.get("path").asText()));
  }

  @Test
  void shouldWriteApartTheFilesOfTwoMessagesOfOneBatchInOneInvocation() throws Exception {
    String batchId = batchId();
    ObjectNode message = batchValidated(batchId, Fixtures.flights().subList(0, 5));

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(
                SqsEvents.message("one", message, QUEUE_ARN),
                SqsEvents.message("two", message, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures")).isEmpty();
    // the FIFO topic lets one datafiles.staged through (same id); each message wrote its own files
    JsonNode staged = arrived("commit", "datafiles.staged", batchId).get("data");
    List<String> written = warehouseKeysOf(batchId);
    assertThat(written).hasSize(2 * staged.get("files").size()).doesNotHaveDuplicates();
    for (JsonNode file : staged.get("files")) {
      String key = file.get("path").asText().substring("s3://iceflow-local-warehouse/".length());
      assertThat(written).contains(key);
      assertThat(s3.headObject(r -> r.bucket("iceflow-local-warehouse").key(key)).contentLength())
          .isEqualTo(file.get("fileSizeInBytes").asLong());
    }
  }

  @Test
  void shouldStageABatchWithTheLongestIdTheIngestContractAllows() throws Exception {
    String batchId = "b-" + "x".repeat(98);

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(
                SqsEvents.message(
                    "long-id",
                    batchValidated(batchId, Fixtures.flights().subList(0, 2)),
                    QUEUE_ARN)));

    assertThat(response.path("batchItemFailures")).isEmpty();
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
      JsonNode response =
          MockEventServer.invoke(SqsEvents.event(SqsEvents.message("pinned", message, QUEUE_ARN)));

      assertThat(response.path("batchItemFailures")).isEmpty();
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

    JsonNode response =
        MockEventServer.invoke(SqsEvents.event(SqsEvents.message("mismatch", message, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures"))
        .extracting(f -> f.get("itemIdentifier").asText())
        .containsExactly("mismatch");
  }

  @Test
  void shouldFailAMessageThatIsNotABatchValidated() throws Exception {
    ObjectNode notValidated = batchValidated(batchId(), Fixtures.flights().subList(0, 1));
    notValidated.put("type", "table.committed");

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(SqsEvents.message("wrong", notValidated, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures"))
        .extracting(f -> f.get("itemIdentifier").asText())
        .containsExactly("wrong");
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
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read =
        IcebergGenerics.read(catalog.loadTable(TableIdentifier.of("iceflow", "flights")))
            .where(Expressions.equal("batch_id", batchId))
            .build()) {
      read.forEach(r -> rows.add(r.copy()));
    }
    return rows;
  }

  private static String partitionPath(String path) {
    int start = path.indexOf("/data/") + "/data/".length();
    return path.substring(start, path.lastIndexOf('/'));
  }

  private static JsonNode arrived(String queue, String type, String batchId) throws Exception {
    Message m =
        probe
            .await(
                aws.provisioned().queueUrl(queue),
                msg ->
                    msg.body().contains("\"type\":\"" + type + "\"")
                        && msg.body().contains(batchId),
                ARRIVAL)
            .orElseThrow(
                () -> new AssertionError("no " + type + " for " + batchId + " on " + queue));
    return EnvelopeCodec.mapper().readTree(m.body());
  }

  private static ObjectNode batchValidated(String batchId, List<ObjectNode> records)
      throws Exception {
    String key = "validated/flights/" + batchId + ".ndjson.gz";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < records.size(); i++) {
        ObjectNode line = EnvelopeCodec.mapper().createObjectNode().put("position", i);
        line.set("record", records.get(i));
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    s3.putObject(
        r -> r.bucket(aws.provisioned().bucket("staging")).key(key),
        RequestBody.fromBytes(bytes.toByteArray()));
    ObjectNode data =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("batchId", batchId)
            .put("contractVersion", "1.0")
            .put("inputRecords", records.size())
            .put("validRecords", records.size())
            .put("rejectedRecords", 0);
    data.putObject("staged")
        .put("bucket", aws.provisioned().bucket("staging"))
        .put("key", key)
        .put("format", "ndjson")
        .put("compression", "gzip")
        .put("recordCount", records.size());
    data.put("earliestIngestTime", "2026-11-26T08:00:00Z");
    Envelope envelope =
        Envelope.originating(
            batchId + ".validated",
            MessageType.BATCH_VALIDATED,
            "1.0",
            "urn:iceflow:validation",
            Instant.now(),
            "flights",
            batchId,
            data);
    return EnvelopeCodec.mapper().valueToTree(envelope);
  }

  /** Every object enrichment wrote under the flights table's data for {@code batchId}. */
  private static List<String> warehouseKeysOf(String batchId) {
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(
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
    return s3.putObject(
        r -> r.bucket(aws.provisioned().bucket("reference")).key(Fixtures.AIRPORTS_KEY),
        RequestBody.fromString(csv));
  }

  private static String batchId() {
    return "b-" + UUID.randomUUID();
  }
}
