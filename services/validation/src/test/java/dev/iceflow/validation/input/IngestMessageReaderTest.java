package dev.iceflow.validation.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.message.payload.IngestBatchV1;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Which batch an S3 notification is, from the notification alone. */
class IngestMessageReaderTest {

  private static final String VERSIONED = "/events/s3-object-created-versioned.json";

  private final IngestMessageReader reader =
      new IngestMessageReader(new EnvelopeCodec(Contracts.packaged().messages()));

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
