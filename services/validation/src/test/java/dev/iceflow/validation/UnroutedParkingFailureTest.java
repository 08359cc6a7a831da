package dev.iceflow.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.aws.SharedLocalAws;
import dev.iceflow.testkit.lambda.MockEventServer;
import dev.iceflow.testkit.lambda.SqsEvents;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When ingest-unrouted does not take a message (here: the configured queue does not exist, as with
 * a wrong URL or a role without sqs:SendMessage), the message is reported failed, so it returns to
 * validation-ingest and reaches its DLQ after maxReceiveCount: never dropped on the way.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@TestProfile(UnroutedParkingFailureTest.MissingParkingQueue.class)
class UnroutedParkingFailureTest {

  private static final String QUEUE_ARN =
      "arn:aws:sqs:us-east-1:123456789012:iceflow-local-validation-ingest";

  /** The emulator, with iceflow.queues.ingest-unrouted naming a queue it does not have. */
  public static class MissingParkingQueue implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "iceflow.queues.ingest-unrouted",
          SharedLocalAws.get().endpoint() + "/123456789012/iceflow-local-no-such-queue");
    }
  }

  @BeforeAll
  static void referenceData() {
    Fixtures.uploadAirports(SharedLocalAws.get()); // the flights rules look airports up
  }

  @Test
  void shouldReportAnUnroutableMessageFailed_whenItCannotBeParked_andStillValidateItsNeighbour() {
    ObjectNode unknownDataset =
        ValidationHandlerTest.ingest("b-" + UUID.randomUUID(), Fixtures.flights().subList(0, 1));
    unknownDataset.put("dataset", "parcels");
    ObjectNode good =
        ValidationHandlerTest.ingest("b-" + UUID.randomUUID(), Fixtures.flights().subList(0, 1));

    JsonNode response =
        MockEventServer.invoke(
            SqsEvents.event(
                SqsEvents.message("not-parked", unknownDataset, QUEUE_ARN),
                SqsEvents.message("good", good, QUEUE_ARN)));

    assertThat(response.path("batchItemFailures"))
        .extracting(f -> f.get("itemIdentifier").asText())
        .containsExactly("not-parked");
  }
}
