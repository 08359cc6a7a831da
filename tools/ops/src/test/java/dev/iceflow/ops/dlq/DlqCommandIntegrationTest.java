package dev.iceflow.ops.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.common.messaging.UnroutedAttributes;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.ops.OpsRun;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@code ops dlq list} and {@code ops dlq redrive} on the embedded AWS, against the provisioned
 * queues (no consumers run, so what is on a queue stays there until the test takes it).
 */
@WithLocalAws
class DlqCommandIntegrationTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENRICHMENT = "enrichment";
  private static final String ENRICHMENT_DLQ = "enrichment-dlq";
  private static final String COMMIT = "commit";
  private static final String COMMIT_DLQ = "commit-dlq";
  private static final String ENRICHMENT_DELIVERY_DLQ = "enrichment-delivery-dlq";
  private static final String VALIDATION_INGEST = "validation-ingest";
  private static final String UNROUTED = "ingest-unrouted";
  private static final List<String> QUEUES =
      List.of(
          ENRICHMENT,
          ENRICHMENT_DLQ,
          COMMIT,
          COMMIT_DLQ,
          ENRICHMENT_DELIVERY_DLQ,
          VALIDATION_INGEST,
          UNROUTED);

  private static LocalAws aws;
  private static SqsClient sqs;
  private static QueueProbe probe;

  @BeforeAll
  static void connect(LocalAws localAws) {
    aws = localAws;
    sqs = aws.clients().sqs();
    probe = new QueueProbe(sqs);
  }

  @BeforeEach
  @AfterEach
  void emptyQueues() {
    QUEUES.forEach(q -> probe.drain(url(q)));
  }

  @Test
  void listShowsAParkedMessageWithItsReason_andLeavesItThere() throws Exception {
    String batchId = "b-" + UUID.randomUUID();
    new DeadLetterParking(sqs).park(pipelineMessage(ENRICHMENT, batchId), "staged file missing");

    OpsRun run = dlq("list", "--queue", ENRICHMENT_DLQ);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("iceflow-local-enrichment-dlq +1 +0 ")
        .contains("Messages in iceflow-local-enrichment-dlq (1 looked at, none consumed")
        .contains("parked: staged file missing (from " + aws.provisioned().queueArn(ENRICHMENT))
        .contains("type batch.validated  dataset flights  batch " + batchId)
        .contains("received 1 time(s)");
    // still there and visible: the look released it
    List<Message> after = probe.receive(url(ENRICHMENT_DLQ), 0);
    assertThat(after).hasSize(1);
    assertThat(after.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .isEqualTo("2");
  }

  @Test
  void listAsJsonHasEveryDeadLetterQueueAndTheMessageFields() throws Exception {
    new DeadLetterParking(sqs).park(pipelineMessage(ENRICHMENT, "b-json"), "why");

    OpsRun run = dlq("list", "--queue", ENRICHMENT_DLQ, "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("queues")).hasSize(DeadLetterQueue.of(aws.contracts().topology()).size());
    assertThat(root.get("lookedInto").asText()).isEqualTo("iceflow-local-enrichment-dlq");
    JsonNode message = root.get("messages").get(0);
    assertThat(message.get("parkedReason").asText()).isEqualTo("why");
    assertThat(message.get("batchId").asText()).isEqualTo("b-json");
    assertThat(message.get("receiveCount").asInt()).isEqualTo(1);
  }

  @Test
  void redriveMovesEveryMessageBackToItsSourceQueue_withBodyAndAttributes() {
    Map<String, String> sent = new LinkedHashMap<>();
    for (int i = 0; i < 23; i++) {
      String body = "{\"n\":%d,\"id\":\"%s\"}".formatted(i, UUID.randomUUID());
      sent.put(body, "value-" + i);
      int n = i;
      sqs.sendMessage(
          r ->
              r.queueUrl(url(ENRICHMENT_DLQ))
                  .messageBody(body)
                  .messageAttributes(Map.of("marker", text("value-" + n))));
    }

    OpsRun run = dlq("redrive", "--queue", ENRICHMENT_DLQ);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "Redriving iceflow-local-enrichment-dlq (23 waiting, 0 in flight) to iceflow-local-enrichment")
        .contains(
            "Path: receive, send to the source queue, then delete from the DLQ (local platform")
        .contains("moved 10 of 23", "moved 20 of 23")
        .contains(
            "Done: moved 23 to iceflow-local-enrichment; left in iceflow-local-enrichment-dlq: 0");
    assertThat(takeAll(ENRICHMENT_DLQ)).isEmpty();
    Map<String, String> arrived = new LinkedHashMap<>();
    for (Message m : takeAll(ENRICHMENT)) {
      assertThat(arrived.put(m.body(), m.messageAttributes().get("marker").stringValue()))
          .as("delivered once: %s", m.body())
          .isNull();
    }
    assertThat(arrived).isEqualTo(sent);
  }

  @Test
  void redriveOfAFifoQueueKeepsEachGroupAndItsOrder() {
    List<String> groups = List.of("flights.a", "flights.b");
    Map<String, List<String>> sentByGroup = new LinkedHashMap<>();
    for (int i = 0; i < 14; i++) {
      String group = groups.get(i % 2);
      String body = "{\"seq\":%d}".formatted(i);
      sentByGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(body);
      sqs.sendMessage(
          r ->
              r.queueUrl(url(COMMIT_DLQ))
                  .messageBody(body)
                  .messageGroupId(group)
                  .messageDeduplicationId(UUID.randomUUID().toString()));
    }

    OpsRun run = dlq("redrive", "--queue", COMMIT_DLQ);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Done: moved 14 to iceflow-local-commit.fifo");
    assertThat(takeAll(COMMIT_DLQ)).isEmpty();
    Map<String, List<String>> arrivedByGroup = new LinkedHashMap<>();
    for (Message m : takeAll(COMMIT)) {
      String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
      arrivedByGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(m.body());
    }
    assertThat(arrivedByGroup).isEqualTo(sentByGroup);
  }

  /**
   * SNS puts what it failed to deliver into the subscription's DLQ as it would have delivered it.
   * moto never fails a delivery, so the test takes what moto delivers through the raw subscription
   * (events to enrichment), puts it in the delivery DLQ, and checks the redriven message reads as
   * the published one on the consumer's side.
   */
  @Test
  void redriveOfADeliveryDeadLetterQueueDeliversTheRawMessageToTheSubscribedQueue() {
    String published =
        "{\"id\":\"probe-%s\",\"type\":\"batch.validated\"}".formatted(UUID.randomUUID());
    try (SnsClient sns = aws.clients().configure(SnsClient.builder()).build()) {
      sns.publish(
          r ->
              r.topicArn(aws.provisioned().topicArn(Topics.EVENTS))
                  .message(published)
                  .messageAttributes(
                      Map.of(
                          "type",
                          software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                              .dataType("String")
                              .stringValue("batch.validated")
                              .build())));
    }
    List<Message> delivered = takeAll(ENRICHMENT);
    assertThat(delivered).hasSize(1);
    Message raw = delivered.get(0);
    assertThat(raw.body()).as("raw message delivery: the message itself").isEqualTo(published);
    sqs.sendMessage(
        r ->
            r.queueUrl(url(ENRICHMENT_DELIVERY_DLQ))
                .messageBody(raw.body())
                .messageAttributes(raw.messageAttributes()));

    OpsRun run = dlq("redrive", "--queue", ENRICHMENT_DELIVERY_DLQ);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("to iceflow-local-enrichment.")
        .contains("StartMessageMoveTask takes DLQs of SQS queues only")
        .contains("Done: moved 1");
    List<Message> redriven = takeAll(ENRICHMENT);
    assertThat(redriven).hasSize(1);
    assertThat(SqsBody.unwrap(redriven.get(0).body())).isEqualTo(published);
    assertThat(redriven.get(0).messageAttributes().get("type").stringValue())
        .isEqualTo("batch.validated");
    assertThat(takeAll(ENRICHMENT_DELIVERY_DLQ)).isEmpty();
  }

  @Test
  void theUnroutedParkingQueueIsListedWithValidationsReason_andRedrivesBackToValidation() {
    String hello = "hello " + UUID.randomUUID();
    sqs.sendMessage(
        r ->
            r.queueUrl(url(UNROUTED))
                .messageBody(hello)
                .messageAttributes(
                    Map.of(
                        UnroutedAttributes.REASON, text("not-json"),
                        UnroutedAttributes.DETAIL, text("the body is not JSON"),
                        UnroutedAttributes.SOURCE,
                            text(aws.provisioned().queueArn(VALIDATION_INGEST)))));

    OpsRun list = dlq("list", "--queue", UNROUTED);

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .containsPattern("iceflow-local-ingest-unrouted +1 +0 ")
        .contains("parked: not-json: the body is not JSON (from ")
        .contains(hello);

    OpsRun redrive = dlq("redrive", "--queue", UNROUTED);

    assertThat(redrive.exitCode()).as(redrive.err()).isZero();
    assertThat(redrive.out())
        .contains("StartMessageMoveTask moves from dead-letter queues only")
        .contains("Done: moved 1 to iceflow-local-validation-ingest");
    assertThat(takeAll(UNROUTED)).isEmpty();
    assertThat(takeAll(VALIDATION_INGEST)).extracting(Message::body).containsExactly(hello);
  }

  @Test
  void purgeCountsWithoutYes_andDeletesEverythingWithIt() {
    for (int i = 0; i < 3; i++) {
      sqs.sendMessage(r -> r.queueUrl(url(UNROUTED)).messageBody("garbage"));
    }

    OpsRun refused = dlq("purge", "--queue", UNROUTED);

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains("iceflow-local-ingest-unrouted holds 3 messages (3 waiting, 0 in flight)")
        .contains("nothing deleted without --yes");
    assertThat(probe.receive(url(UNROUTED), 0)).hasSize(3);

    OpsRun purged = dlq("purge", "--queue", UNROUTED, "--yes");

    assertThat(purged.exitCode()).as(purged.err()).isZero();
    assertThat(purged.out()).contains("Purged iceflow-local-ingest-unrouted: 3 messages");
    assertThat(takeAll(UNROUTED)).isEmpty();
  }

  @Test
  void anUnknownQueueOrBadArgumentsPrintTheUsageAndExit2() {
    for (String[] args :
        List.of(
            new String[] {"redrive", "--queue", "enrichment"},
            new String[] {"redrive", "--queue", "nope-dlq"},
            new String[] {"list", "--queue", "nope-dlq"},
            new String[] {"redrive", "--queue", ENRICHMENT_DLQ, "--max-messages-per-second", "0"},
            new String[] {"redrive"})) {
      OpsRun run = dlq(args);
      assertThat(run.exitCode()).as("%s: %s", List.of(args), run.err()).isEqualTo(2);
      assertThat(run.err()).contains("Usage: ops dlq " + args[0]);
    }
    assertThat(dlq("redrive", "--queue", "nope-dlq").err())
        .contains("--queue nope-dlq is no dead-letter queue of the topology (known: ");
  }

  @Test
  void everyCommandHasHelpSayingWhatItDoesInAwsAndLocally() {
    assertThat(OpsRun.execute(CLOCK, "dlq", "--help").out()).contains("list", "redrive", "purge");
    assertThat(OpsRun.execute(CLOCK, "dlq", "purge", "--help").out())
        .contains("PurgeQueue", "save it first", "--yes");
    assertThat(OpsRun.execute(CLOCK, "dlq", "redrive", "--help").out())
        .contains("In AWS", "StartMessageMoveTask", "local platform");
    assertThat(OpsRun.execute(CLOCK, "dlq", "list", "--help").out())
        .contains("receive count", "local platform", "--json fields");
    assertThat(OpsRun.execute(CLOCK, "dlq").exitCode()).isEqualTo(2);
  }

  private static OpsRun dlq(String... args) {
    List<String> all = new ArrayList<>(List.of("dlq"));
    all.addAll(List.of(args));
    all.addAll(
        List.of("--prefix", LocalAws.LOCAL_PREFIX, "--endpoint-url", aws.endpoint().toString()));
    return OpsRun.execute(CLOCK, all.toArray(String[]::new));
  }

  /** A message as the event source mapping hands it to a stage, from {@code queue}. */
  private static SQSMessage pipelineMessage(String queue, String batchId) {
    SQSMessage message = new SQSMessage();
    message.setMessageId(UUID.randomUUID().toString());
    message.setEventSourceArn(aws.provisioned().queueArn(queue));
    message.setBody(
        ("{\"id\":\"%s.validated\",\"type\":\"batch.validated\",\"version\":\"1.0\","
                + "\"dataset\":\"flights\",\"data\":{\"batchId\":\"%s\"}}")
            .formatted(batchId, batchId));
    SQSEvent.MessageAttribute type = new SQSEvent.MessageAttribute();
    type.setDataType("String");
    type.setStringValue("batch.validated");
    message.setMessageAttributes(Map.of("type", type));
    message.setAttributes(Map.of());
    return message;
  }

  /** Receives and deletes everything on the queue now, in the order SQS hands it out. */
  private static List<Message> takeAll(String queue) {
    List<Message> taken = new ArrayList<>();
    List<Message> batch;
    do {
      batch = probe.receive(url(queue), 60);
      for (Message m : batch) {
        sqs.deleteMessage(r -> r.queueUrl(url(queue)).receiptHandle(m.receiptHandle()));
      }
      taken.addAll(batch);
    } while (!batch.isEmpty());
    return taken;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static String url(String queue) {
    return aws.provisioned().queueUrl(queue);
  }
}
