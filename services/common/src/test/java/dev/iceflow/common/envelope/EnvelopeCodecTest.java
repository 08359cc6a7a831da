package dev.iceflow.common.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.message.MessageType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private static final Contracts CONTRACTS = Contracts.packaged();
  private final EnvelopeCodec codec = new EnvelopeCodec(CONTRACTS.messages());

  @Test
  void shouldRoundTripAValidEnvelope() {
    Envelope ingest = ingestBatch();

    Envelope decoded = codec.decode(codec.encode(ingest));

    assertThat(decoded).isEqualTo(ingest);
    assertThat(decoded.messageType()).isEqualTo(MessageType.INGEST_BATCH);
  }

  @Test
  void shouldRejectABodyThatIsNotJson() {
    assertThatThrownBy(() -> codec.decode("not json"))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void shouldRejectAMessageThatBreaksItsContract_withEveryViolation() {
    String body = codec.encode(ingestBatch()).replace("\"records\"", "\"rows\"");

    assertThatThrownBy(() -> codec.decode(body))
        .isInstanceOfSatisfying(
            InvalidMessageException.class, e -> assertThat(e.violations()).isNotEmpty())
        .hasMessageContaining("$.data");
  }

  @Test
  void shouldRefuseToEncodeAnInvalidMessage() {
    Envelope bad =
        ingestBatch().withData(EnvelopeCodec.mapper().createObjectNode().put("batchId", "b-1"));

    assertThatThrownBy(() -> codec.encode(bad))
        .hasMessageContaining("refusing to publish ingest.batch");
  }

  @Test
  void derivedMessagesKeepDatasetCorrelationAndTrace() {
    Envelope ingest = ingestBatch();
    ObjectNode control = EnvelopeCodec.mapper().createObjectNode();

    Envelope child =
        ingest.derive(
            "b-1.x",
            MessageType.RECORDS_REJECTED,
            "1.0",
            "urn:iceflow:validation",
            control,
            Instant.EPOCH);

    assertThat(child.dataset()).isEqualTo("flights");
    assertThat(child.correlationId()).isEqualTo("b-1");
    // no stage span is current here: the child is sent in the cause's own context
    assertThat(child.traceparent()).isEqualTo(ingest.traceparent());
    assertThat(child.dataschema()).isEqualTo("messages/records.rejected/v1/schema.json");
  }

  static Envelope ingestBatch() {
    ObjectNode data = EnvelopeCodec.mapper().createObjectNode().put("batchId", "b-1");
    data.putArray("records")
        .addObject()
        .put("date", "2001/01/01 00:47")
        .put("delay", 66)
        .put("distance", 1750)
        .put("origin", "DTW")
        .put("destination", "LAS");
    return Envelope.originating(
        "bts.b-1",
        MessageType.INGEST_BATCH,
        "1.0",
        "bts-feed",
        Instant.parse("2026-11-26T08:00:00Z"),
        "flights",
        "b-1",
        data);
  }
}
