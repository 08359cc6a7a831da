package dev.iceflow.e2e;

import static dev.iceflow.e2e.Awaits.await;
import static dev.iceflow.e2e.Awaits.awaitQuiet;
import static dev.iceflow.e2e.Awaits.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.FunctionInstance;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.local.reconciliation.Reconciliation;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged functions on the local Lambda platform: publish real flights through SNS, pause the
 * commit stage, kill functions in the middle of a batch, hang one past its timeout, resume, and
 * every record still ends in the table or the quarantine exactly once; a poison message ends in the
 * DLQ.
 */
@WithLocalAws
class PlatformEndToEndTest {

  /** Long enough for a cold enrichment's first batch on a busy CI machine, short for a test. */
  private static final int HUNG_TIMEOUT_S = 20;

  private static final Duration BUSY_WITHIN = Duration.ofSeconds(60);

  /**
   * Killed batches come back after their queue's visibility timeout, as in AWS, scaled down (commit
   * 360 s → 18 s): a redelivery arrives after the pipeline moved on, not one second later.
   */
  private static final double AWS_REDELIVERY_SCALE = 0.05;

  @Test
  void everyRecordIsAccountedForOnce_throughAPauseAndAKilledFunction(LocalAws aws)
      throws Exception {
    Fixtures.uploadAirports(aws);
    Ledger ledger = Ledger.flights(25);
    try (LocalPlatform platform =
            LocalPlatform.start(
                aws,
                ProjectLayout.discover(),
                List.of("validation", "enrichment", "commit"),
                PlatformOptions.defaults()
                    .withMaxInstances(2)
                    .withAwsRedelivery(AWS_REDELIVERY_SCALE));
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs();
        S3Client s3 = aws.clients().s3()) {
      EventPublisher publisher = Pipeline.publisher(aws, sns);
      Catalog catalog = aws.openCatalog();
      platform.setEnabled("commit", false);

      ledger.ingests.forEach(batch -> publisher.publish("ingest", batch));
      // a crash in the middle of a batch: the batch must come back, and be counted once
      platform.awaitBusyInstance("validation", BUSY_WITHIN).kill();
      await(
          () -> waiting(sqs, aws.provisioned().queueUrl("commit")) > 0,
          "staged files waiting for the paused commit stage");
      assertThat(ledger.reconcile(aws, catalog, s3).rows())
          .as("nothing is committed while commit is paused")
          .isZero();

      platform.setEnabled("commit", true);
      // killed mid-commit: the Iceberg commit may or may not have happened; no row may double
      platform.awaitBusyInstance("commit", BUSY_WITHIN).kill();
      await(
          () -> accounted(ledger.reconcile(aws, catalog, s3)) >= ledger.published,
          "every record accounted for");
      awaitQuiet(sqs, Pipeline.queuesOf(aws, "validation", "enrichment", "commit"));

      Reconciliation result = ledger.reconcile(aws, catalog, s3);
      assertThat(result.rows() + result.quarantined()).isEqualTo(ledger.published);
      assertThat(result.quarantined()).isEqualTo(ledger.broken);
      assertThat(result.duplicates()).as("duplicate rows").isZero();
      System.out.println("cold starts (ms): " + platform.coldStartsMillis());
    }
  }

  @Test
  void aHungFunctionIsKilledAtItsTimeout_andItsBatchIsRedeliveredAndCountedOnce(LocalAws aws)
      throws Exception {
    Fixtures.uploadAirports(aws);
    Ledger ledger = Ledger.flights(25); // several batches, so the freeze lands on one
    PlatformOptions options =
        PlatformOptions.defaults().withMaxInstances(1).withTimeout("enrichment", HUNG_TIMEOUT_S);
    try (LocalPlatform platform =
            LocalPlatform.start(
                aws,
                ProjectLayout.discover(),
                List.of("validation", "enrichment", "commit"),
                options);
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs();
        S3Client s3 = aws.clients().s3()) {
      EventPublisher publisher = Pipeline.publisher(aws, sns);
      FunctionInstance enrichment = platform.instances("enrichment").get(0);
      long pidBefore = enrichment.pid();

      ledger.ingests.forEach(batch -> publisher.publish("ingest", batch));
      platform.awaitBusyInstance("enrichment", BUSY_WITHIN).freeze();

      Catalog catalog = aws.openCatalog();
      await(
          () -> accounted(ledger.reconcile(aws, catalog, s3)) >= ledger.published,
          "every record accounted for after the hung enrichment was replaced");
      awaitQuiet(sqs, Pipeline.queuesOf(aws, "validation", "enrichment", "commit"));
      assertThat(enrichment.pid()).as("the hung process was replaced").isNotEqualTo(pidBefore);
      Reconciliation result = ledger.reconcile(aws, catalog, s3);
      assertThat(result.rows() + result.quarantined()).isEqualTo(ledger.published);
      assertThat(result.duplicates()).as("duplicate rows").isZero();
    }
  }

  @Test
  void aPoisonMessageIsParkedInTheDeadLetterQueueAtOnce_withItsReason_withoutHoldingUpOthers(
      LocalAws aws) throws Exception {
    Fixtures.uploadAirports(aws);
    Ledger good = Ledger.flights(100);
    Envelope poison = unknownContractVersion(good.ingests.get(0));
    try (LocalPlatform platform =
            LocalPlatform.start(aws, ProjectLayout.discover(), List.of("validation"));
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs();
        S3Client s3 = aws.clients().s3()) {
      EventPublisher publisher = Pipeline.publisher(aws, sns);
      String dlq = aws.provisioned().queueUrl("validation-ingest-dlq");
      int before = waiting(sqs, dlq);

      publisher.publish("ingest", poison);
      publisher.publish("ingest", good.ingests.get(1));

      await(() -> waiting(sqs, dlq) > before, "the poison message in validation-ingest-dlq");
      Message parked =
          sqs
              .receiveMessage(
                  r -> r.queueUrl(dlq).maxNumberOfMessages(10).messageAttributeNames("All"))
              .messages()
              .stream()
              .filter(m -> m.body().contains(poison.id()))
              .findFirst()
              .orElseThrow();
      assertThat(parked.body()).contains("\"contractVersion\":\"9.9\"");
      // the reason attribute: parked at once by the function, not moved by SQS after 5 receives
      assertThat(parked.messageAttributes().get(DeadLetterParking.REASON_ATTRIBUTE).stringValue())
          .contains("cannot read records of contract 9.9");
      String staged = "validated/flights/" + good.batchIds.get(1) + ".ndjson.gz";
      await(
          () -> exists(s3, aws.provisioned().bucket("staging"), staged),
          "the good batch behind the poison message validated");
    }
  }

  private static boolean exists(S3Client s3, String bucket, String key) {
    try {
      return s3.headObject(r -> r.bucket(bucket).key(key)).contentLength() > 0;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  private static long accounted(Reconciliation r) {
    return r.rows() + r.quarantined();
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
}
