package dev.iceflow.enrichment;

import static dev.iceflow.testkit.lambda.HandlerHarness.batchId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.cdi.BucketDirectory;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.contracts.message.payload.BatchValidatedV1;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.Payloads;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The datafiles.staged announcement through the real SNS FIFO topic: deduplication ids that cannot
 * drop another table's batch, and a file list too large for one message moved to S3 whole.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class StagedFilesAnnouncerTest {

  private static HandlerHarness harness;

  @Inject StagedFilesAnnouncer announcer;
  @Inject EnvelopeCodec codec;
  @Inject EventPublisher publisher;
  @Inject S3Client s3;
  @Inject BucketDirectory buckets;

  @BeforeAll
  static void connect() {
    harness = HandlerHarness.consuming("enrichment");
  }

  @AfterAll
  static void disconnect() {
    harness.close();
  }

  @BeforeEach
  void emptyQueue() {
    harness.drain("commit");
  }

  @Test
  void shouldDeliverTheSameUpstreamBatchIdForTwoTables_withinTheDeduplicationWindow() {
    String batchId = batchId();

    announcer.announce(validated(batchId, "flights"), staged(batchId, "flights", 1));
    announcer.announce(
        validated(batchId, "seattle_weather"), staged(batchId, "seattle_weather", 1));

    assertThat(harness.awaitEnvelope("commit", batchId, "\"name\":\"flights\"")).isNotNull();
    assertThat(harness.awaitEnvelope("commit", batchId, "\"name\":\"seattle_weather\""))
        .as("SNS FIFO must not drop the second table's message as a duplicate")
        .isNotNull();
  }

  @Test
  void shouldDeliverABatchIdReusedForOtherContent_withinTheDeduplicationWindow_forCommitToRefuse() {
    String batchId = batchId();

    announcer.announce(validated(batchId, "flights"), staged(batchId, "flights", 1));
    announcer.announce(validated(batchId, "flights"), staged(batchId, "flights", 2));

    assertThat(harness.awaitEnvelope("commit", batchId, "\"recordCount\":10,")).isNotNull();
    assertThat(harness.awaitEnvelope("commit", batchId, "\"recordCount\":20,"))
        .as("other content under the same batch id reaches commit, which parks it with the reason")
        .isNotNull();
  }

  @Test
  void shouldMoveAFileListTooLargeForOneMessageToS3_andPointAtIt() throws Exception {
    String batchId = batchId();
    StagedFilesAnnouncer smallMessages =
        new StagedFilesAnnouncer(codec, publisher, s3, buckets, inlineUpTo(2_000));
    DatafilesStagedV2 staged = staged(batchId, "flights", 40);

    smallMessages.announce(validated(batchId, "flights"), staged);

    JsonNode data = harness.awaitEnvelope("commit", batchId).get("data");
    assertThat(data.has("files")).as("the list left the message").isFalse();
    JsonNode claim = data.get("filesClaimCheck");
    assertThat(claim.get("fileCount").asInt()).isEqualTo(40);
    byte[] list =
        harness
            .read(claim.get("bucket").asText(), claim.get("key").asText())
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Sha256.hex(list)).isEqualTo(claim.get("sha256").asText());
    assertThat(
            Payloads.mapper()
                .readerForListOf(StagedFile.class)
                .<List<StagedFile>>readValue(list)
                .stream()
                .map(StagedFile::path))
        .containsExactlyElementsOf(staged.files().stream().map(StagedFile::path).toList());
  }

  private Envelope validated(String batchId, String dataset) {
    BatchValidatedV1 payload =
        new BatchValidatedV1(
            batchId,
            "1.0",
            1,
            1,
            0,
            null,
            new BatchValidatedV1.StagedRecords(
                "iceflow-local-staging", "validated/x.ndjson.gz", "ndjson", "gzip", 1),
            null,
            Instant.now(),
            null,
            null);
    return Envelope.originating(
        batchId + "." + dataset + ".validated",
        payload,
        codec.currentVersion(BatchValidatedV1.SCHEMA),
        "urn:iceflow:validation",
        Instant.now(),
        dataset,
        batchId);
  }

  private static DatafilesStagedV2 staged(String batchId, String table, int files) {
    List<StagedFile> entries = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      entries.add(
          new StagedFile(
              "s3://iceflow-local-warehouse/iceflow/%s/data/day=%d/%s-%d.parquet"
                  .formatted(table, i, batchId, i),
              "PARQUET",
              Map.of("day", Payloads.mapper().valueToTree(i)),
              10,
              1_000,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null));
    }
    return new DatafilesStagedV2(
        batchId,
        new TableName("iceflow", table),
        "1.0",
        0,
        0,
        10L * files,
        Instant.now(),
        "attempt-1",
        entries,
        new Fingerprint(10L * files, Sha256.hex(batchId + table + files)),
        null);
  }

  private static EnrichmentConfig inlineUpTo(int bytes) {
    return new EnrichmentConfig() {
      @Override
      public int maxInlinePayloadBytes() {
        return bytes;
      }

      @Override
      public Duration tableMaxAge() {
        return Duration.ofMinutes(5);
      }
    };
  }
}
