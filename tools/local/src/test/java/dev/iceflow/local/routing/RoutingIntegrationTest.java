package dev.iceflow.local.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.provision.Provisioned;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** SNS → SQS through the provisioned topology: attributes, filter policies, DLQ redrive. */
@WithLocalAws
class RoutingIntegrationTest {

  private static final Duration ARRIVAL = Duration.ofSeconds(10);

  private static SnsClient sns;
  private static SqsClient sqs;
  private static Provisioned provisioned;
  private static EnvelopeCodec codec;
  private static EventPublisher publisher;
  private static QueueProbe probe;

  @BeforeAll
  static void connect(LocalAws aws) {
    sns = aws.clients().sns();
    sqs = aws.clients().sqs();
    provisioned = aws.provisioned();
    codec = new EnvelopeCodec(aws.contracts().messages());
    publisher = new EventPublisher(sns, codec, new TopicDirectory(provisioned.topicArns()));
    probe = new QueueProbe(sqs);
  }

  @AfterAll
  static void disconnect() {
    sns.close();
    sqs.close();
  }

  @BeforeEach
  void emptyQueues() {
    for (String queue :
        new String[] {"validation-ingest", "validation-ingest-dlq", "ingest-unrouted"}) {
      probe.drain(provisioned.queueUrl(queue));
    }
  }

  @Test
  void ingestBatchPublishedThroughSnsArrivesOnTheValidationQueueWithItsAttributes() {
    Envelope sent = oneFlight("flights");

    publisher.publish("ingest", sent);

    Message received =
        arrived("validation-ingest", sent).orElseThrow(() -> new AssertionError("never arrived"));
    assertThat(codec.decode(received.body())).isEqualTo(sent);
    assertThat(received.messageAttributes())
        .hasEntrySatisfying("type", v -> assertThat(v.stringValue()).isEqualTo("ingest.batch"))
        .hasEntrySatisfying("dataset", v -> assertThat(v.stringValue()).isEqualTo("flights"))
        .hasEntrySatisfying("version", v -> assertThat(v.stringValue()).isEqualTo("1.0"))
        .hasEntrySatisfying(
            "traceparent", v -> assertThat(v.stringValue()).isEqualTo(sent.traceparent()));
  }

  @Test
  void aBatchOfAnotherDatasetIsFilteredOutOfValidation_andParkedNotDropped() {
    Envelope flights = oneFlight("flights");
    Envelope unknown = oneFlight("parcels");

    publisher.publish("ingest", unknown);
    publisher.publish("ingest", flights);

    assertThat(arrived("validation-ingest", flights)).isPresent();
    assertThat(arrived("ingest-unrouted", unknown)).isPresent();
    assertThat(probe.receive(provisioned.queueUrl("validation-ingest"), 0))
        .noneMatch(m -> m.body().contains(unknown.id()));
  }

  @Test
  void aMessageThatFailsMaxReceiveCountTimesLandsInTheDeadLetterQueue() {
    Envelope poison = oneFlight("flights");
    publisher.publish("ingest", poison);
    String queue = provisioned.queueUrl("validation-ingest");
    int maxReceiveCount = 5;

    int receives = 0;
    for (int attempt = 0; attempt < 4 * maxReceiveCount && receives < maxReceiveCount; attempt++) {
      // a consumer that fails and never deletes: visibility 0 makes it visible again at once
      receives +=
          (int)
              probe.receive(queue, 0).stream().filter(m -> m.body().contains(poison.id())).count();
    }
    assertThat(receives).isEqualTo(maxReceiveCount);
    assertThat(probe.receive(queue, 0)).noneMatch(m -> m.body().contains(poison.id()));

    Message dead =
        arrived("validation-ingest-dlq", poison)
            .orElseThrow(() -> new AssertionError("not in the DLQ"));
    assertThat(
            Integer.parseInt(
                dead.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
        .isGreaterThanOrEqualTo(maxReceiveCount);
  }

  @Test
  void aStagedFileMessageOnTheFifoTopicIsDeliveredOnceInItsGroup() {
    Envelope staged = staged(oneFlight("flights"));
    Envelope later = staged(oneFlight("flights"));
    probe.drain(provisioned.queueUrl("commit"));

    publisher.publishInGroup("commits", staged, "iceflow.flights");
    publisher.publishInGroup(
        "commits", staged, "iceflow.flights"); // a retried publish: same dedup id
    // the group's next message: FIFO hands it out only after every copy of the first
    publisher.publishInGroup("commits", later, "iceflow.flights");

    List<Message> received =
        probe.takeThrough(provisioned.queueUrl("commit"), m -> isEnvelope(m, later), ARRIVAL);
    assertThat(received)
        .extracting(m -> codec.decode(m.body()).id())
        .containsExactly(staged.id(), later.id());
    assertThat(received.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
        .isEqualTo("iceflow.flights");
  }

  private static Envelope oneFlight(String dataset) {
    return IngestBatches.inline(
        dataset, batchId(), "integration-test", Fixtures.flights().subList(0, 1));
  }

  private static Envelope staged(Envelope ingest) {
    return ingest.derive(
        ingest.correlationId() + ".staged",
        dev.iceflow.contracts.message.MessageType.DATAFILES_STAGED,
        "1.0",
        "urn:iceflow:enrichment",
        stagedData(ingest.correlationId()),
        java.time.Instant.now());
  }

  private static com.fasterxml.jackson.databind.JsonNode stagedData(String batchId) {
    String json =
        """
        {"batchId": "%s", "table": {"namespace": "iceflow", "name": "flights"}, "contractVersion": "1.0",
         "specId": 0, "recordCount": 1, "earliestIngestTime": "2026-11-26T08:00:00Z", "attempt": "req-1",
         "files": [{"path": "s3://iceflow-local-warehouse/iceflow/flights/data/event_day=2001-01-01/f.parquet",
                    "format": "PARQUET", "partition": {"event_day": 11323}, "recordCount": 1, "fileSizeInBytes": 1024}]}
        """
            .formatted(batchId);
    try {
      return EnvelopeCodec.mapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Message> arrived(String queue, Envelope envelope) {
    return probe.await(provisioned.queueUrl(queue), m -> isEnvelope(m, envelope), ARRIVAL);
  }

  private static boolean isEnvelope(Message m, Envelope envelope) {
    return m.body().contains("\"id\":\"" + envelope.id() + "\"");
  }

  private static String batchId() {
    return "b-" + UUID.randomUUID();
  }
}
