package dev.iceflow.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SamplePublishTest {

  private final Contracts contracts = Contracts.packaged();
  private final EnvelopeCodec codec = new EnvelopeCodec(contracts.messages());

  @Test
  void theSampleIsAnIngestBatchTheContractsAccept_ofTheFlightsContractsCurrentVersion() {
    DataContract flights = contracts.requireDataset("flights");

    String body =
        codec.encode(SamplePublish.message(flights, Instant.parse("2026-11-30T14:00:00Z"), codec));

    // decoding validates against the ingest.batch schema, as validation's handler does
    Envelope decoded = codec.decode(body);
    assertThat(decoded.messageType()).isEqualTo(MessageType.INGEST_BATCH);
    assertThat(decoded.dataset()).isEqualTo("flights");
    IngestBatchV1 batch = decoded.payload(IngestBatchV1.class);
    assertThat(batch.batchId()).isEqualTo("b-try-20261130-140000");
    assertThat(batch.contractVersion()).isEqualTo(flights.version());
    assertThat(batch.records()).hasSize(2);
    assertThat(body).doesNotContain("'");
  }
}
