package dev.iceflow.validation.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import dev.iceflow.validation.input.UnroutableMessageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which batch an S3 notification is, from the notification alone; and what is no ingest batch
 * validation can take, with the reason it is parked under.
 */
class IngestMessageReaderTest {

  private static final String VERSIONED = "/events/s3-object-created-versioned.json";
  private static final String VALID_INLINE = "messages/ingest.batch/v1/examples/valid-inline.json";

  private static final Contracts CONTRACTS = Contracts.packaged();

  private final IngestMessageReader reader =
      new IngestMessageReader(
          new EnvelopeCodec(CONTRACTS.messages()), CONTRACTS.datasets().keySet());

  @Test
  void shouldMapTheSameNotificationToTheSameBatch_andCarryItsVersion() throws IOException {
    IngestBatchV1 first = read(notification());
    IngestBatchV1 redelivered = read(notification());

    assertThat(redelivered.batchId()).isEqualTo(first.batchId());
    assertThat(first.objectCreated().versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
  }

  @Test
  void shouldMapTwoVersionsOfTheSameBytesToTwoBatches() throws IOException {
    ObjectNode overwrite = notification();
    object(overwrite).put("versionId", "Ql1sLIr8LpQdJ2i2Z6V5k0lH0DGnpcq1");

    assertThat(read(overwrite).batchId()).isNotEqualTo(read(notification()).batchId());
  }

  /**
   * Objects of a bucket that never kept versions, or keeps none while suspended, carry the version
   * id "null", and every overwrite reuses it: it cannot tell two uploads apart, the ETag can.
   */
  @Test
  void shouldTreatTheNullVersionAsNoVersion() throws IOException {
    ObjectNode nullVersion = notification();
    object(nullVersion).put("versionId", "null");
    ObjectNode noVersion = notification();
    object(noVersion).remove("versionId");
    ObjectNode otherContent = notification();
    object(otherContent).put("versionId", "null").put("eTag", "d41d8cd98f00b204e9800998ecf8427e");

    assertThat(read(nullVersion).objectCreated().versionId()).isNull();
    assertThat(read(nullVersion).batchId()).isEqualTo(read(noVersion).batchId());
    assertThat(read(otherContent).batchId()).isNotEqualTo(read(nullVersion).batchId());
  }

  /** Every publish to the ingest topic reaches validation; each of these must say why it is not. */
  static Stream<Arguments> unroutable() throws IOException {
    return Stream.of(
        arguments("hello", Reason.NOT_JSON),
        arguments("{\"dataset\": \"flights\"", Reason.NOT_JSON),
        arguments("[" + envelope() + "]", Reason.NOT_A_JSON_OBJECT),
        arguments("\"flights\"", Reason.NOT_A_JSON_OBJECT),
        arguments("42", Reason.NOT_A_JSON_OBJECT),
        arguments("null", Reason.NOT_A_JSON_OBJECT),
        arguments(without(envelope(), "type"), Reason.NOT_AN_INGEST_BATCH),
        arguments(envelope().put("type", "batch.validated"), Reason.NOT_AN_INGEST_BATCH),
        arguments(envelope().put("type", "Ingest.Batch"), Reason.NOT_AN_INGEST_BATCH),
        arguments(without(envelope(), "dataset"), Reason.NO_DATASET),
        arguments(envelope().putNull("dataset"), Reason.NO_DATASET),
        arguments(envelope().put("dataset", ""), Reason.NO_DATASET),
        arguments(envelope().put("dataset", 7), Reason.NO_DATASET),
        arguments(envelope().set("dataset", envelope()), Reason.NO_DATASET),
        arguments(envelope().put("dataset", "parcels"), Reason.UNKNOWN_DATASET),
        arguments(envelope().put("dataset", "Flights"), Reason.UNKNOWN_DATASET),
        arguments(without(envelope(), "id"), Reason.BREAKS_CONTRACT),
        arguments(envelope().put("version", "9.0"), Reason.BREAKS_CONTRACT),
        arguments(dropped("incoming/parcels/2001-01-03.csv"), Reason.UNKNOWN_DATASET),
        arguments(dropped("incoming/2001-01-03.csv"), Reason.NO_DATASET),
        arguments(dropped("claims/flights/2001-01-03.csv"), Reason.NO_DATASET));
  }

  @ParameterizedTest(name = "[{index}] {1}: {0}")
  @MethodSource("unroutable")
  void shouldCallAMessageUnroutable_withTheReason(Object body, Reason reason) {
    assertThatThrownBy(() -> reader.read(body.toString()))
        .isInstanceOfSatisfying(
            UnroutableMessageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void shouldNameTheKnownDatasets_whenTheDatasetHasNoContract() {
    assertThatThrownBy(() -> reader.read(envelope().put("dataset", "parcels").toString()))
        .hasMessageContaining("'parcels'")
        .hasMessageContaining("[flights, seattle_weather]");
  }

  @Test
  void shouldReadAValidEnvelope_rawOrWrappedBySns() throws IOException {
    ObjectNode wrapped =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("Type", "Notification")
            .put("TopicArn", "arn:aws:sns:us-east-1:123456789012:iceflow-prod-ingest")
            .put("Message", envelope().toString());

    assertThat(reader.read(envelope().toString())).hasSize(1);
    assertThat(reader.read(wrapped.toString())).hasSize(1);
  }

  @Test
  void shouldReadNothingFromS3sTestEvent() {
    String testEvent =
        """
        {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": "2026-11-26T08:00:00.000Z",
         "Bucket": "iceflow-prod-raw-123456789012", "RequestId": "5582815E1AEA5ADF",
         "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}
        """;

    assertThat(reader.read(testEvent)).isEmpty();
  }

  /** The contract's own valid example, a fresh copy each time. */
  private static ObjectNode envelope() {
    return (ObjectNode) CONTRACTS.source().readJson(VALID_INLINE).deepCopy();
  }

  private static ObjectNode without(ObjectNode node, String field) {
    node.remove(field);
    return node;
  }

  private static ObjectNode dropped(String key) throws IOException {
    ObjectNode notification = notification();
    object(notification).put("key", key);
    return notification;
  }

  private IngestBatchV1 read(ObjectNode notification) {
    return reader.read(notification.toString()).get(0).payload(IngestBatchV1.class);
  }

  private static ObjectNode object(ObjectNode notification) {
    return (ObjectNode) notification.at("/Records/0/s3/object");
  }

  private static ObjectNode notification() throws IOException {
    try (InputStream in = IngestMessageReaderTest.class.getResourceAsStream(VERSIONED)) {
      return (ObjectNode) EnvelopeCodec.mapper().readTree(in);
    }
  }
}
