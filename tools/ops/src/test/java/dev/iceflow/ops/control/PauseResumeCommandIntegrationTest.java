package dev.iceflow.ops.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.MessageAttributeNames;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.PipelineControlV1;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.PauseHold;
import dev.iceflow.cost.PauseHolds;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.EventSourceMapping;
import dev.iceflow.local.platform.FunctionPool;
import dev.iceflow.local.platform.InvocationMetrics;
import dev.iceflow.local.platform.LambdaApiServer;
import dev.iceflow.ops.OpsRun;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code ops pause} and {@code ops resume} on the embedded AWS: what they publish reaches
 * cost-guard's queue through the provisioned events topic and its filtered subscription, and they
 * wait on the local platform's Lambda API server (served standalone here, its mapping's pollers not
 * started). cost-guard itself is not running: where a test needs a request applied, it does what
 * cost-guard's PauseControl does (the hold in the ledger, UpdateEventSourceMapping through the
 * SDK's Lambda client), after it has received the request from cost-guard's queue.
 */
@WithLocalAws
class PauseResumeCommandIntegrationTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final String FUNCTION = "validation";
  private static final String COST_GUARD_QUEUE = "cost-guard";

  /** Generous: the publish is routed by the embedded SNS to SQS within a second. */
  private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(30);

  private static LocalAws aws;
  private static String endpoint;
  private static String queueUrl;
  private static EnvelopeCodec codec;
  private static QueueProbe probe;
  private static CostLedger ledger;

  private EventSourceMapping mapping;
  private LambdaApiServer lambdaApi;
  private LambdaClient lambda;

  @BeforeAll
  static void connect(LocalAws localAws) {
    aws = localAws;
    endpoint = aws.endpoint().toString();
    queueUrl = aws.provisioned().queueUrl(COST_GUARD_QUEUE);
    codec = new EnvelopeCodec(aws.contracts().messages());
    probe = new QueueProbe(aws.clients().sqs());
    DynamoDbClient dynamo = aws.clients().configure(DynamoDbClient.builder()).build();
    ledger = new CostLedger(dynamo, aws.provisioned().ledger(Ledgers.COST), CLOCK);
  }

  /** The validation function's mapping, as the local platform serves it, Enabled. */
  @BeforeEach
  void serveTheLambdaApi() throws Exception {
    probe.drain(queueUrl);
    clearHolds();
    FunctionSpec spec = aws.contracts().topology().function(FUNCTION).orElseThrow();
    SqsClient sqs = aws.clients().sqs();
    String queue = spec.consumes().queue();
    FunctionPool neverStarted =
        new FunctionPool(spec, 1, null, null, Map.of(), "", InvocationMetrics.NONE);
    mapping =
        new EventSourceMapping(
            sqs,
            aws.provisioned().queueUrl(queue),
            aws.provisioned().queueArn(queue),
            spec.consumes(),
            neverStarted,
            spec.timeoutSeconds(),
            0);
    lambdaApi = new LambdaApiServer();
    lambdaApi.serve(mapping);
    lambda =
        aws.clients()
            .configure(LambdaClient.builder())
            .endpointOverride(lambdaApi.endpoint())
            .build();
  }

  @AfterEach
  void stopTheLambdaApi() {
    lambda.close();
    lambdaApi.close();
    mapping.close();
    clearHolds();
  }

  @Test
  void aPauseReachesCostGuardsQueueWithTheRoutingAttributes_signedByTheCallersIdentity()
      throws Exception {
    String reason = "maintenance " + UUID.randomUUID();
    Instant until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    OpsRun run =
        ops(
            "pause",
            "--function",
            "validation",
            "--function",
            "enrichment",
            "--reason",
            reason,
            "--until",
            until.toString(),
            "--prefix",
            LocalAws.LOCAL_PREFIX,
            "--no-wait");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Message received = receive(reason);
    assertThat(received.messageAttributes().get(MessageAttributeNames.TYPE).stringValue())
        .isEqualTo(MessageType.PIPELINE_CONTROL.wireName());
    assertThat(received.messageAttributes().get(MessageAttributeNames.DATASET).stringValue())
        .isEqualTo("*");
    Envelope envelope = codec.decode(received.body());
    assertThat(envelope.id()).startsWith("ops.pause.");
    assertThat(run.out()).contains(envelope.id(), aws.provisioned().topicArn(Topics.EVENTS));
    PipelineControlV1 pause = envelope.payload(PipelineControlV1.class);
    assertThat(pause.action()).isEqualTo("pause");
    assertThat(pause.scope().functions()).containsExactly("validation", "enrichment");
    assertThat(pause.reason()).isEqualTo(reason);
    assertThat(pause.until()).isEqualTo(until);
    assertThat(pause.requestedBy()).isEqualTo(callerArn()).isNotBlank();
    assertThat(run.out()).contains("--no-wait").doesNotContain("Waiting");
  }

  @Test
  void aResumeForOneDatasetGoesToTheTopicGivenByArn() throws Exception {
    String reason = "resume " + UUID.randomUUID();

    OpsRun run =
        ops(
            "resume",
            "--function",
            "commit",
            "--reason",
            reason,
            "--dataset",
            "flights",
            "--events-topic-arn",
            aws.provisioned().topicArn(Topics.EVENTS),
            "--no-wait");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Message received = receive(reason);
    assertThat(received.messageAttributes().get(MessageAttributeNames.DATASET).stringValue())
        .isEqualTo("flights");
    PipelineControlV1 resume = codec.decode(received.body()).payload(PipelineControlV1.class);
    assertThat(resume.action()).isEqualTo("resume");
    assertThat(resume.scope().functions()).containsExactly("commit");
    assertThat(resume.until()).isNull();
  }

  @Test
  void aPauseWaitsUntilTheMappingIsDisabled_thenPrintsTheHolds() throws Exception {
    String reason = "pause " + UUID.randomUUID();
    CompletableFuture<OpsRun> pausing =
        CompletableFuture.supplyAsync(
            () -> opsWaiting("pause", "--function", FUNCTION, "--reason", reason));

    Envelope request = codec.decode(receive(reason).body());
    applyAsCostGuard(request);

    OpsRun run = pausing.get();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Waiting up to 1m for their event source mappings to be Disabled")
        .contains("validation (iceflow-local-validation): Disabled")
        .contains("Paused validation: every event source mapping is Disabled.")
        .contains("Pause holds in force (iceflow-local-cost)", request.id(), reason);
    assertThat(mapping.state()).isEqualTo(EventSourceMapping.State.DISABLED);
  }

  @Test
  void aResumeWaitsUntilTheMappingIsEnabled_thenPrintsTheHoldsLeftOnOtherFunctions()
      throws Exception {
    mapping.setEnabled(false);
    Instant monthEnd = Instant.parse("2099-01-01T00:00:00Z");
    PauseHold costGuards =
        new PauseHold(
            "cost-guard.hard-limit." + UUID.randomUUID(),
            List.of("validation", "enrichment"),
            "Spend of flights reached its hard limit",
            "urn:iceflow:cost-guard",
            "flights",
            Instant.now(),
            monthEnd);
    replaceHolds(List.of(costGuards));
    String reason = "resume " + UUID.randomUUID();
    CompletableFuture<OpsRun> resuming =
        CompletableFuture.supplyAsync(
            () -> opsWaiting("resume", "--function", FUNCTION, "--reason", reason));

    Envelope request = codec.decode(receive(reason).body());
    applyAsCostGuard(request);

    OpsRun run = resuming.get();
    assertThat(run.exitCode()).as(run.err()).isZero();
    String holds = run.out().substring(run.out().indexOf("Pause holds in force"));
    assertThat(run.out()).contains("Resumed validation: every event source mapping is Enabled.");
    assertThat(holds)
        .contains(
            costGuards.holder() + ": enrichment, by urn:iceflow:cost-guard for dataset flights")
        .contains("until " + monthEnd)
        .doesNotContain("validation");
  }

  @Test
  void aRequestNotAppliedWithinTheWaitSaysItWasPublished_andExits1() throws Exception {
    OpsRun run =
        opsWaiting(
            "pause", "--function", FUNCTION, "--reason", "nobody applies it", "--wait", "2s");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith("ops: the pause request ops.pause.")
        .contains("was published but is not applied after 2s (validation still Enabled)")
        .contains("cost-guard running", "iceflow-local-cost-guard", "iceflow-local-cost-guard-dlq")
        .doesNotContain("\n");
    assertThat(run.out()).contains("validation (iceflow-local-validation): Enabled");
    assertThat(receive("nobody applies it")).isNotNull();
  }

  @Test
  void aPrefixWithoutAnEventsTopicIsOneLine_andExit1() {
    OpsRun run =
        ops(
            "pause",
            "--function",
            FUNCTION,
            "--reason",
            "r",
            "--prefix",
            "iceflow-nowhere",
            "--no-wait");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "ops: no SNS topic named iceflow-nowhere-events in us-east-1: check --prefix and"
                + " --region, or give --events-topic-arn");
  }

  @Test
  void unknownFunctionsAreUsageErrorsListingTheFunctionsCostGuardControls() {
    List<String> controlled =
        aws.contracts().topology().function("cost-guard").orElseThrow().controlsFunctions();
    for (String function : List.of("ingestion", "cost-guard")) {
      OpsRun run = ops("pause", "--function", function, "--reason", "r", "--no-wait");
      assertThat(run.exitCode()).as(function).isEqualTo(2);
      assertThat(run.err())
          .contains("--function " + function + ": cost-guard controls only")
          .contains(String.join(", ", controlled))
          .contains("Usage: ops pause");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void badArgumentsPrintTheUsageAndExit2() {
    String topic = aws.provisioned().topicArn(Topics.EVENTS);
    List<List<String>> bad =
        List.of(
            List.of("pause", "--function", FUNCTION, "--no-wait"),
            List.of("pause", "--reason", "r", "--no-wait"),
            List.of("pause", "--function", FUNCTION, "--reason", "", "--no-wait"),
            List.of("pause", "--function", FUNCTION, "--reason", "r", "--until", "tomorrow"),
            List.of(
                "pause",
                "--function",
                FUNCTION,
                "--reason",
                "r",
                "--until",
                "2001-01-01T00:00:00Z",
                "--no-wait"),
            List.of(
                "resume",
                "--function",
                FUNCTION,
                "--reason",
                "r",
                "--until",
                "2099-01-01T00:00:00Z",
                "--no-wait"),
            List.of("pause", "--function", FUNCTION, "--reason", "r", "--wait", "0s"),
            List.of("pause", "--function", FUNCTION, "--reason", "r", "--wait", "soon"),
            List.of(
                "pause", "--function", FUNCTION, "--reason", "r", "--dataset", "nope", "--no-wait"),
            List.of("pause", "--function", FUNCTION, "--reason", "r", "--no-wait"),
            List.of("pause", "--function", FUNCTION, "--reason", "r", "--prefix", "Bad_Prefix"),
            List.of("pause", "--function", FUNCTION, "--reason", "r", "--events-topic-arn", topic),
            List.of("pause"),
            List.of("resume"));
    for (List<String> args : bad) {
      List<String> all = new ArrayList<>(args);
      all.addAll(List.of("--endpoint-url", endpoint));
      OpsRun run = OpsRun.execute(CLOCK, all.toArray(String[]::new));
      assertThat(run.exitCode()).as("%s: %s", args, run.err()).isEqualTo(2);
      assertThat(run.err()).as("%s", args).contains("Usage: ops " + args.get(0));
      assertThat(run.out()).as("%s", args).isEmpty();
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("pause", "resume")) {
      OpsRun run = OpsRun.execute(CLOCK, command, "--help");
      assertThat(run.exitCode()).isZero();
      assertThat(run.out())
          .contains("Usage: ops " + command, "--function", "--lambda-endpoint-url", "--no-wait")
          .doesNotContain("%n");
    }
    assertThat(OpsRun.execute(CLOCK, "--help").out()).contains("pause", "resume");
  }

  /** What cost-guard's PauseControl does with the request: the holds first, then the mapping. */
  private void applyAsCostGuard(Envelope envelope) {
    PipelineControlV1 request = envelope.payload(PipelineControlV1.class);
    PauseHolds read = ledger.holds();
    boolean pause = request.action().equals("pause");
    PauseHolds next =
        pause
            ? read.with(
                new PauseHold(
                    envelope.id(),
                    request.scope().functions(),
                    request.reason(),
                    request.requestedBy(),
                    envelope.dataset(),
                    request.requestedAt(),
                    request.until()))
            : read.releasing(request.scope().functions());
    assertThat(ledger.replaceHolds(read, next)).isTrue();
    String uuid =
        lambda
            .listEventSourceMappings(r -> r.functionName("iceflow-local-" + FUNCTION))
            .eventSourceMappings()
            .get(0)
            .uuid();
    lambda.updateEventSourceMapping(r -> r.uuid(uuid).enabled(!pause));
  }

  private static Message receive(String reason) {
    return probe
        .await(queueUrl, m -> m.body().contains(reason), DELIVERED_WITHIN)
        .orElseThrow(() -> new AssertionError("cost-guard's queue got no request: " + reason));
  }

  private static String callerArn() {
    try (StsClient sts = aws.clients().configure(StsClient.builder()).build()) {
      return sts.getCallerIdentity().arn();
    }
  }

  private static void clearHolds() {
    replaceHolds(List.of());
  }

  private static void replaceHolds(List<PauseHold> holds) {
    PauseHolds read = ledger.holds();
    assertThat(ledger.replaceHolds(read, new PauseHolds(read.version(), holds))).isTrue();
  }

  /** Against the embedded AWS. */
  private static OpsRun ops(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", endpoint));
    if (!all.contains("--events-topic-arn") && !all.contains("--prefix")) {
      all.addAll(List.of("--prefix", LocalAws.LOCAL_PREFIX));
    }
    return OpsRun.execute(CLOCK, all.toArray(String[]::new));
  }

  /** Against the embedded AWS, watching the Lambda API server's mapping for a minute at most. */
  private OpsRun opsWaiting(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--lambda-endpoint-url", lambdaApi.endpoint().toString()));
    if (!all.contains("--wait")) {
      all.addAll(List.of("--wait", "1m"));
    }
    return ops(all.toArray(String[]::new));
  }
}
