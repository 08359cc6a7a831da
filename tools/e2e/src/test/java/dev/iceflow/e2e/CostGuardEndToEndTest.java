package dev.iceflow.e2e;

import static dev.iceflow.e2e.Awaits.await;
import static dev.iceflow.e2e.Awaits.awaitQuiet;
import static dev.iceflow.e2e.Awaits.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.contracts.message.payload.PipelineControlV1;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.EventTap;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.local.reconciliation.DeadLetterCheck;
import dev.iceflow.local.reconciliation.Reconciliation;
import dev.iceflow.testkit.aws.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Cost-guard on the packaged functions: a runaway's Lambda usage (put into CloudWatch as Lambda
 * reports it) takes flights past its hard limit in the middle of a run; cost-guard alerts once per
 * threshold and pauses validation through the Lambda API; what is published meanwhile waits in
 * validation's queue; an operator's resume (pipeline.control through SNS) lets it through, and
 * every record is in the table or the quarantine once, with nothing in a DLQ.
 */
class CostGuardEndToEndTest {

  private static final List<String> STAGES =
      List.of("validation", "enrichment", "commit", "cost-guard");

  /**
   * Cost-guard's batching window, down from the topology's 5 s: every pause and resume the test
   * sends waits it out, and what the test claims does not depend on it.
   */
  private static final int COST_GUARD_WINDOW_S = 1;

  /** Long enough for cost-guard to apply the pause (after its batching window) before it ends. */
  private static final Duration PAUSE_LENGTH = Duration.ofSeconds(10);

  /**
   * On an emulator of its own. In the suite's shared one the first batches once did not land within
   * the wait after the earlier tests (validation was never invoked; the cause is not known, and the
   * test passed alone); alone, nothing another test left can interfere, and each reconciliation
   * scans only this test's rows.
   */
  @Test
  void theHardLimitPausesIngestionMidRun_andAResumeLosesAndDoublesNothing() throws Exception {
    try (LocalAws aws = LocalAws.start(ProjectLayout.discover())) {
      pauseAndResume(aws);
    }
  }

  private static void pauseAndResume(LocalAws aws) throws Exception {
    Fixtures.uploadAirports(aws);
    Ledger ledger = Ledger.flights(50);
    int third = ledger.ingests.size() / 3;
    List<Envelope> before = ledger.ingests.subList(0, third);
    List<Envelope> during = ledger.ingests.subList(third, 2 * third);
    List<Envelope> afterPause = ledger.ingests.subList(2 * third, ledger.ingests.size());
    PlatformOptions options =
        PlatformOptions.defaults()
            .withMaxInstances(2)
            .withBatchingWindow("cost-guard", COST_GUARD_WINDOW_S)
            // CloudWatch lands metrics minutes late in AWS; locally they are there at once
            .withEnvironment("cost-guard", "ICEFLOW_COST_GUARD_METRICS_DELAY", "PT0S")
            .withEnvironment("cost-guard", "ICEFLOW_COST_GUARD_METRICS_GRANULARITY", "PT1M");
    try (LocalPlatform platform =
            LocalPlatform.start(aws, ProjectLayout.discover(), STAGES, options);
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs();
        S3Client s3 = aws.clients().s3();
        EventTap tap = EventTap.everything(aws, "cost-guard-e2e-events");
        LambdaClient lambda =
            aws.clients()
                .configure(LambdaClient.builder())
                .endpointOverride(platform.lambdaEndpoint())
                .build()) {
      EventPublisher publisher = Pipeline.publisher(aws, sns);
      Catalog catalog = aws.openCatalog();
      String validation = ServiceConfig.of(aws).get("iceflow.functions.validation");
      // the emulator is shared by the suite's tests: another may have parked its poison already
      List<DeadLetterCheck.Depth> dlqsBefore = DeadLetterCheck.depths(aws, sqs);

      before.forEach(batch -> publisher.publish(Topics.INGEST, batch));
      await(
          () -> accountedSoFar(ledger, aws, catalog, s3) >= 50L * before.size(),
          "the first batches landed");

      // the runaway, then the tick that reads it while batches keep coming
      try (CloudWatchClient cloudWatch = aws.cloudWatch()) {
        Runaway.report(cloudWatch, validation);
      }
      Thread publishing =
          new Thread(() -> during.forEach(b -> publisher.publish(Topics.INGEST, b)));
      publishing.start();
      platform.fireSchedule(Schedules.COST_GUARD_TICK);
      publishing.join();
      await(() -> state(lambda, validation).equals("Disabled"), "validation's mapping disabled");

      afterPause.forEach(batch -> publisher.publish(Topics.INGEST, batch));
      String ingestQueue = aws.provisioned().queueUrl("validation-ingest");
      await(
          () -> waiting(sqs, ingestQueue) >= afterPause.size(),
          "the batches published while paused waiting in validation-ingest");
      assertThat(stagedCount(aws, s3, afterPause))
          .as("nothing published while paused is validated")
          .isZero();
      assertThat(DeadLetterCheck.depths(aws, sqs))
          .as("nothing in a DLQ while paused")
          .isEqualTo(dlqsBefore);

      // on-call resumes, as bin/ops resume does: pipeline.control on the events topic
      publisher.publish(
          Topics.EVENTS, control("resume", "Runaway fixed; budget raised for the backfill.", null));
      await(() -> state(lambda, validation).equals("Enabled"), "validation's mapping enabled");
      await(
          () -> accounted(ledger.reconcile(aws, catalog, s3)) >= ledger.published,
          "every record accounted for after the resume");
      awaitQuiet(sqs, Pipeline.queuesOf(aws, "validation", "enrichment", "commit", "cost-guard"));

      Reconciliation result = ledger.reconcile(aws, catalog, s3);
      assertThat(result.rows() + result.quarantined()).isEqualTo(ledger.published);
      assertThat(result.quarantined()).isEqualTo(ledger.broken);
      assertThat(result.duplicates()).as("duplicate rows").isZero();
      assertThat(DeadLetterCheck.depths(aws, sqs)).as("nothing in a DLQ").isEqualTo(dlqsBefore);

      // another tick: the alerts were sent, the limit's pause was resumed by on-call; nothing new
      platform.fireSchedule(Schedules.COST_GUARD_TICK);
      awaitQuiet(sqs, Pipeline.queuesOf(aws, "cost-guard"));
      List<JsonNode> events = tap.drain();
      assertThat(ofType(events, "cost.alert"))
          .extracting(e -> e.get("data").get("level").asText())
          .containsExactlyInAnyOrder("info", "warning", "critical", "hard-limit");
      assertThat(ofType(events, "pipeline.control")).hasSize(2); // the pause, on-call's resume
      assertThat(state(lambda, validation)).isEqualTo("Enabled");

      // a pause with an end lapses on the first tick after it, as the hard limit's does when the
      // month turns: forced here with an end a few seconds away
      Instant until = Instant.now().plus(PAUSE_LENGTH);
      publisher.publish(
          Topics.EVENTS, control("pause", "Maintenance window of the upstream.", until));
      await(() -> state(lambda, validation).equals("Disabled"), "paused until " + until);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis()) + 1000);
      platform.fireSchedule(Schedules.COST_GUARD_TICK);
      await(() -> state(lambda, validation).equals("Enabled"), "the tick after " + until);
    }
  }

  /** An operator's pipeline.control for validation, as bin/ops publishes it. */
  private static Envelope control(String action, String reason, Instant until) {
    PipelineControlV1 request =
        new PipelineControlV1(
            action,
            new PipelineControlV1.Scope(List.of("validation")),
            reason,
            "arn:aws:sts::123456789012:assumed-role/iceflow-operator/e2e",
            Instant.now(),
            until);
    return Envelope.originating(
        "ops." + action + "." + UUID.randomUUID(),
        request,
        "1.0",
        "urn:iceflow:ops",
        Instant.now(),
        "flights",
        "ops-e2e");
  }

  private static String state(LambdaClient lambda, String function) {
    List<EventSourceMappingConfiguration> mappings =
        lambda.listEventSourceMappings(r -> r.functionName(function)).eventSourceMappings();
    assertThat(mappings).hasSize(1);
    return mappings.get(0).state();
  }

  private static long stagedCount(LocalAws aws, S3Client s3, List<Envelope> batches) {
    String bucket = aws.provisioned().bucket("staging");
    return batches.stream()
        .filter(
            b ->
                !s3.listObjectsV2(
                        r ->
                            r.bucket(bucket)
                                .prefix("validated/flights/" + b.data().get("batchId").asText()))
                    .contents()
                    .isEmpty())
        .count();
  }

  private static List<JsonNode> ofType(List<JsonNode> envelopes, String type) {
    return envelopes.stream().filter(e -> e.get("type").asText().equals(type)).toList();
  }

  /** Rows and quarantined records so far; none before the first commit creates the table. */
  private static long accountedSoFar(Ledger ledger, LocalAws aws, Catalog catalog, S3Client s3) {
    try {
      return accounted(ledger.reconcile(aws, catalog, s3));
    } catch (NoSuchTableException notYet) {
      return 0;
    }
  }

  private static long accounted(Reconciliation r) {
    return r.rows() + r.quarantined();
  }
}
