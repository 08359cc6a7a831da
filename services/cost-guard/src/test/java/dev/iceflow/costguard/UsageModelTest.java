package dev.iceflow.costguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The usage each event stands for, from the topology's deliveries and the stages' work. */
class UsageModelTest {

  private static final Contracts CONTRACTS = Contracts.packaged();
  private static final EnvelopeCodec CODEC = new EnvelopeCodec(CONTRACTS.messages());
  private static final UsageModel MODEL = new UsageModel(CONTRACTS.topology());

  @Test
  void aValidatedBatchCountsItsBytes_theUpstreamPublish_andBothDeliveries() {
    Envelope validated =
        CODEC.decode(
            GuardEvents.example("batch.validated", "valid-with-input-bytes.json").toString());
    long inputBytes = validated.data().get("inputBytes").asLong();

    Usage usage = MODEL.of(validated, 900);

    assertThat(usage.get(Meter.INGESTED_BYTES)).isEqualByComparingTo(Long.toString(inputBytes));
    assertThat(usage.get(Meter.INGESTED_RECORDS))
        .isEqualByComparingTo(validated.data().get("inputRecords").asText());
    // its own publish and the upstream's: one 64 KB chunk each for a small batch
    long upstreamChunks = UsageModel.chunks(inputBytes);
    assertThat(usage.get(Meter.SNS_REQUESTS))
        .isEqualByComparingTo(Long.toString(1 + upstreamChunks));
    // batch.validated reaches enrichment (batch 5) and cost-guard (batch 100); ingest.batch reaches
    // validation (batch 10): a send each, plus a receive and a delete per consumer batch
    double expected = (1 + 2.0 / 5) + (1 + 2.0 / 100) + upstreamChunks * (1 + 2.0 / 10);
    assertThat(usage.get(Meter.SQS_STANDARD_REQUESTS).doubleValue())
        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(usage.get(Meter.S3_PUT_REQUESTS)).isEqualByComparingTo("1");
  }

  @Test
  void aCommitCountsItsFilesMetadataCatalogLedgerAndTheFifoHop() {
    ObjectNode committed = GuardEvents.committed("flights", Instant.parse("2026-11-16T00:00:00Z"));
    Envelope envelope = CODEC.decode(committed.toString());

    Usage usage = MODEL.of(envelope, 700);

    // three data files, three metadata files; two batches on the FIFO commits topic
    assertThat(usage.get(Meter.S3_PUT_REQUESTS)).isEqualByComparingTo("6");
    assertThat(usage.get(Meter.GLUE_REQUESTS)).isEqualByComparingTo("2");
    assertThat(usage.get(Meter.DYNAMODB_WRITE_UNITS)).isEqualByComparingTo("4");
    assertThat(usage.get(Meter.SQS_FIFO_REQUESTS).doubleValue())
        .isCloseTo(2 * (1 + 2.0 / 10), org.assertj.core.api.Assertions.within(1e-9));
    // 106682 bytes stored from the middle of November to its end: half a month
    assertThat(usage.get(Meter.S3_STORED_GB_MONTHS).doubleValue())
        .isCloseTo(106682 / (double) (1L << 30) / 2, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void aPayloadIsBilledPerStarted64KbChunk() {
    assertThat(UsageModel.chunks(0)).isEqualTo(1);
    assertThat(UsageModel.chunks(65_536)).isEqualTo(1);
    assertThat(UsageModel.chunks(65_537)).isEqualTo(2);
  }
}
