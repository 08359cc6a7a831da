package dev.iceflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.Fixtures;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.junit.WithLocalAws;
import dev.iceflow.local.platform.LocalPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The packaged functions on the local Lambda platform: publish real flights through SNS, pause the
 * commit stage, kill the validation process mid-stream, resume, and every record still ends in the
 * table or the quarantine exactly once.
 */
@WithLocalAws
class PlatformEndToEndTest {

  private static final Duration SETTLE = Duration.ofSeconds(120);

  @Test
  void everyRecordIsAccountedForOnce_throughAPauseAndAKilledFunction(LocalAws aws)
      throws Exception {
    Fixtures.uploadAirports(aws);
    Ledger ledger = Ledger.flights(25);
    try (LocalPlatform platform =
            LocalPlatform.start(
                aws, ProjectLayout.discover(), List.of("validation", "enrichment", "commit"));
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs();
        S3Client s3 = aws.clients().s3()) {
      EventPublisher publisher =
          new EventPublisher(
              sns,
              new EnvelopeCodec(aws.contracts().messages()),
              new TopicDirectory(aws.provisioned().topicArns()));
      Catalog catalog = aws.openCatalog();
      platform.setEnabled("commit", false);

      for (int i = 0; i < ledger.ingests.size(); i++) {
        publisher.publish("ingest", ledger.ingests.get(i));
        if (i == 2) {
          platform.instance("validation").kill(); // a crash mid-stream: its batch must come back
        }
      }
      await(
          () -> waiting(sqs, aws.provisioned().queueUrl("commit")) > 0,
          "staged files waiting for the paused commit stage");
      assertThat(ledger.rows(catalog)).as("nothing is committed while commit is paused").isEmpty();

      platform.setEnabled("commit", true);
      await(
          () -> ledger.rows(catalog).size() + ledger.quarantined(aws, s3) >= ledger.published,
          "every record accounted for");

      List<Record> rows = ledger.rows(catalog);
      assertThat(rows.size() + ledger.quarantined(aws, s3)).isEqualTo(ledger.published);
      assertThat(ledger.quarantined(aws, s3)).isEqualTo(ledger.broken);
      Set<String> keys = new HashSet<>();
      rows.forEach(
          r ->
              assertThat(keys.add(r.getField("batch_id") + "#" + r.getField("record_position")))
                  .as("duplicate row")
                  .isTrue());
      System.out.println("cold starts (ms): " + platform.coldStartsMillis());
    }
  }

  @Test
  void aPoisonMessageLandsInTheDeadLetterQueueAfterMaxReceiveCount_withoutHoldingUpOthers(
      LocalAws aws) throws Exception {
    Fixtures.uploadAirports(aws);
    Ledger good = Ledger.flights(100);
    Envelope poison = unknownContractVersion(good.ingests.get(0));
    try (LocalPlatform platform =
            LocalPlatform.start(aws, ProjectLayout.discover(), List.of("validation"));
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs()) {
      EventPublisher publisher =
          new EventPublisher(
              sns,
              new EnvelopeCodec(aws.contracts().messages()),
              new TopicDirectory(aws.provisioned().topicArns()));
      String dlq = aws.provisioned().queueUrl("validation-ingest-dlq");
      int before = waiting(sqs, dlq);

      publisher.publish("ingest", poison);
      publisher.publish("ingest", good.ingests.get(1));

      await(() -> waiting(sqs, dlq) > before, "the poison message in validation-ingest-dlq");
      String body =
          sqs.receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10)).messages().stream()
              .map(m -> m.body())
              .filter(b -> b.contains(poison.id()))
              .findFirst()
              .orElseThrow();
      assertThat(body).contains("\"contractVersion\":\"9.9\"");
      try (S3Client s3 = aws.clients().s3()) {
        String staged = "validated/flights/" + good.batchIds.get(1) + ".ndjson.gz";
        assertThat(
                s3.headObject(r -> r.bucket(aws.provisioned().bucket("staging")).key(staged))
                    .contentLength())
            .isPositive();
      }
    }
  }

  private static Envelope unknownContractVersion(Envelope e) {
    com.fasterxml.jackson.databind.node.ObjectNode data = e.data().deepCopy();
    data.put("contractVersion", "9.9").put("batchId", "poison-" + java.util.UUID.randomUUID());
    return new Envelope(
        "poison." + data.get("batchId").asText(),
        e.type(),
        e.version(),
        e.source(),
        Instant.now(),
        e.dataset(),
        data.get("batchId").asText(),
        e.traceparent(),
        null,
        null,
        data);
  }

  private static int waiting(SqsClient sqs, String queueUrl) {
    var attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  private static void await(Check check, String what) throws Exception {
    Instant deadline = Instant.now().plus(SETTLE);
    while (Instant.now().isBefore(deadline)) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not within " + SETTLE + ": " + what);
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }
}
