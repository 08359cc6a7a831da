package dev.iceflow.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.Topology;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ops status} on the embedded AWS: the provisioned queues and cost ledger, and every
 * function's mapping served by the local platform's Lambda API server (its pollers not started).
 */
@WithLocalAws
class StatusCommandIntegrationTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final String DEAD_LETTERED = "enrichment-dlq";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalAws aws;
  private static Topology topology;
  private static QueueProbe probe;
  private static CostLedger ledger;

  private final List<EventSourceMapping> mappings = new ArrayList<>();
  private LambdaApiServer lambdaApi;

  @BeforeAll
  static void connect(LocalAws localAws) throws Exception {
    aws = localAws;
    topology = aws.contracts().topology();
    probe = new QueueProbe(aws.clients().sqs());
    DynamoDbClient dynamo = aws.clients().configure(DynamoDbClient.builder()).build();
    ledger = new CostLedger(dynamo, aws.provisioned().ledger(Ledgers.COST), CLOCK);
    // the run's catalog file, as the platform's first table access creates it
    ((AutoCloseable) aws.openCatalog()).close();
  }

  /** A clean board: every queue empty, no holds, every function's mapping served and Enabled. */
  @BeforeEach
  void cleanBoard() throws Exception {
    logicalQueues().forEach(q -> probe.drain(aws.provisioned().queueUrl(q)));
    replaceHolds(List.of());
    SqsClient sqs = aws.clients().sqs();
    lambdaApi = new LambdaApiServer();
    for (FunctionSpec spec : topology.functions()) {
      String queue = spec.consumes().queue();
      EventSourceMapping mapping =
          new EventSourceMapping(
              sqs,
              aws.provisioned().queueUrl(queue),
              aws.provisioned().queueArn(queue),
              spec.consumes(),
              new FunctionPool(spec, 1, null, null, Map.of(), "", InvocationMetrics.NONE),
              spec.timeoutSeconds(),
              0);
      mappings.add(mapping);
      lambdaApi.serve(mapping);
    }
  }

  @AfterEach
  void stop() {
    lambdaApi.close();
    mappings.forEach(EventSourceMapping::close);
    probe.drain(aws.provisioned().queueUrl(DEAD_LETTERED));
    replaceHolds(List.of());
  }

  @Test
  void aCleanBoardListsEveryQueueAndFunction_andExits0() {
    OpsRun run = status();

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String queue : logicalQueues()) {
      assertThat(run.out()).contains(LocalAws.LOCAL_PREFIX + "-" + queue);
    }
    for (FunctionSpec function : topology.functions()) {
      assertThat(run.out())
          .contains(
              "%s (%s-%s): Enabled".formatted(function.name(), "iceflow-local", function.name()));
    }
    assertThat(run.out())
        .contains("No pause holds in iceflow-local-cost", "No alarm firing.", "No problems.");
    assertThat(run.out()).doesNotContain(TextStatusRenderer.PROBLEM);
  }

  @Test
  void aMessageInADeadLetterQueueFiresDlqNotEmptyForThatQueue_andExits3_untilItIsRemoved() {
    String url = aws.provisioned().queueUrl(DEAD_LETTERED);
    aws.clients().sqs().sendMessage(r -> r.queueUrl(url).messageBody("{}"));

    OpsRun run = status();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(StatusCommand.PROBLEM_EXIT_CODE);
    String fires =
        "dlq-not-empty fires for enrichment-dlq (iceflow-local-enrichment-dlq):"
            + " ApproximateNumberOfMessagesVisible Maximum 1 > 0 in 1 of the last 1 period(s) of"
            + " 60 s; runbook runbooks/dlq-not-empty.md";
    assertThat(run.out())
        .contains("  FIRING " + fires)
        .contains("PROBLEM: alarm " + fires)
        .doesNotContain("No problems.", "No alarm firing.");
    assertThat(run.out().lines().filter(l -> l.startsWith("PROBLEM"))).hasSize(1);

    probe.drain(url);
    OpsRun cleared = status();

    assertThat(cleared.exitCode()).as(cleared.out()).isZero();
    assertThat(cleared.out())
        .contains("No alarm firing.", "No problems.")
        .doesNotContain("FIRING", TextStatusRenderer.PROBLEM);
  }

  @Test
  void aQuarantineShareAboveTheThresholdFiresQuarantineSpikeForThatDataset_andExits3() {
    // A window of its own, far from now: no other test's metrics fall in it.
    Instant now = Instant.parse("2026-02-01T12:02:30Z");
    putRecords("flights", 100, 10, now.minusSeconds(60));

    OpsRun run = status(Clock.fixed(now, ZoneOffset.UTC));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(StatusCommand.PROBLEM_EXIT_CODE);
    assertThat(run.out())
        .contains(
            "PROBLEM: alarm quarantine-spike fires for flights (flights): RecordsRejected/RecordsIn"
                + " Sum 0.1 > 0.05 in 1 of the last 1 period(s) of 300 s; runbook"
                + " runbooks/quarantine-spike.md")
        .doesNotContain("quarantine-spike fires for seattle_weather");
    assertThat(run.out().lines().filter(l -> l.startsWith("PROBLEM"))).hasSize(1);
  }

  @Test
  void aQuarantineShareBelowTheThresholdDoesNotFire() throws Exception {
    Instant now = Instant.parse("2026-02-02T12:02:30Z");
    putRecords("flights", 100, 2, now.minusSeconds(60));

    OpsRun run = status(Clock.fixed(now, ZoneOffset.UTC), "--json");

    assertThat(run.exitCode()).as(run.out()).isZero();
    JsonNode flights = alarm(JSON.readTree(run.out()), "quarantine-spike", "flights");
    assertThat(flights.get("state").asText()).isEqualTo("OK");
    assertThat(flights.get("value").asDouble()).isEqualTo(0.02); // the metrics were read
    assertThat(flights.get("firing").asBoolean()).isFalse();

    OpsRun ownThreshold =
        status(Clock.fixed(now, ZoneOffset.UTC), "--json", "--threshold", "quarantine-spike=0.01");

    assertThat(ownThreshold.exitCode()).as(ownThreshold.out()).isEqualTo(3);
    JsonNode overridden = alarm(JSON.readTree(ownThreshold.out()), "quarantine-spike", "flights");
    assertThat(overridden.get("threshold").asDouble()).isEqualTo(0.01);
    assertThat(overridden.get("firing").asBoolean()).isTrue();
  }

  @Test
  void aDisabledMappingAndAHoldAreFlagged() throws Exception {
    mappings.get(0).setEnabled(false);
    String holder = "ops.pause." + UUID.randomUUID();
    replaceHolds(
        List.of(
            new PauseHold(
                holder,
                List.of(mappings.get(0).function()),
                "maintenance",
                "urn:test",
                null,
                Instant.now(),
                null)));

    OpsRun run = status();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(StatusCommand.PROBLEM_EXIT_CODE);
    String first = topology.functions().get(0).name();
    assertThat(run.out())
        .contains(
            "PROBLEM: function %s (iceflow-local-%s) has event source mappings not Enabled: Disabled"
                .formatted(first, first))
        .contains("PROBLEM: pause hold " + holder + " keeps " + first + " paused (maintenance)")
        .contains("Pause holds in force (iceflow-local-cost)");
  }

  @Test
  void theJsonHasItsDocumentedFields() throws Exception {
    aws.clients()
        .sqs()
        .sendMessage(r -> r.queueUrl(aws.provisioned().queueUrl(DEAD_LETTERED)).messageBody("{}"));

    OpsRun run = status("--json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(StatusCommand.PROBLEM_EXIT_CODE);
    JsonNode root = JSON.readTree(run.out());
    assertThat(fieldNames(root))
        .containsExactly(
            "generatedAt",
            "region",
            "prefix",
            "healthy",
            "problems",
            "alarms",
            "queues",
            "functions",
            "holds",
            "tables");
    JsonNode fired = alarm(root, "dlq-not-empty", DEAD_LETTERED);
    assertThat(fieldNames(fired))
        .containsExactly(
            "alarm",
            "target",
            "dimension",
            "watched",
            "state",
            "firing",
            "metric",
            "statistic",
            "periodSeconds",
            "evaluationPeriods",
            "datapointsToAlarm",
            "breaching",
            "comparison",
            "threshold",
            "value",
            "treatMissingData",
            "runbook");
    assertThat(fired.get("state").asText()).isEqualTo("ALARM");
    assertThat(fired.get("watched").asText()).isEqualTo("iceflow-local-enrichment-dlq");
    assertThat(fired.get("value").asDouble()).isEqualTo(1);
    assertThat(fired.get("runbook").asText()).isEqualTo("runbooks/dlq-not-empty.md");
    assertThat(alarm(root, "pipeline-paused", "pipeline").get("dimension").isNull()).isTrue();
    int instances = 0;
    for (JsonNode node : root.get("alarms")) {
      instances++;
      boolean theDeadLetteredQueue =
          node.get("alarm").asText().equals("dlq-not-empty")
              && node.get("target").asText().equals(DEAD_LETTERED);
      assertThat(node.get("firing").asBoolean()).as("%s", node).isEqualTo(theDeadLetteredQueue);
    }
    assertThat(instances).isEqualTo(expectedAlarmInstances());
    assertThat(root.get("healthy").asBoolean()).isFalse();
    assertThat(fieldNames(root.get("tables"))).containsExactly("notRead", "tables");
    assertThat(root.get("tables").get("tables")).hasSize(aws.contracts().datasets().size());
    assertThat(fieldNames(root.get("tables").get("tables").get(0)))
        .containsExactly(
            "dataset",
            "table",
            "snapshotId",
            "snapshotAt",
            "lastCommitAt",
            "freshnessSeconds",
            "notRead");
    assertThat(root.get("problems")).hasSize(1);
    assertThat(root.get("queues")).hasSize(logicalQueues().size());
    JsonNode dlq = null;
    for (JsonNode queue : root.get("queues")) {
      assertThat(fieldNames(queue))
          .containsExactly(
              "queue", "name", "kind", "deadLetterOf", "waiting", "inFlight", "delayed", "problem");
      if (queue.get("queue").asText().equals(DEAD_LETTERED)) {
        dlq = queue;
      }
    }
    assertThat(dlq.get("kind").asText()).isEqualTo("dead-letter");
    assertThat(dlq.get("waiting").asLong() + dlq.get("inFlight").asLong()).isEqualTo(1);
    assertThat(dlq.get("problem").asBoolean()).isTrue();
    JsonNode function = root.get("functions").get(0);
    assertThat(fieldNames(function))
        .containsExactly("function", "name", "found", "mappings", "problem");
    assertThat(fieldNames(function.get("mappings").get(0)))
        .containsExactly("uuid", "state", "eventSourceArn");
    assertThat(fieldNames(root.get("holds"))).containsExactly("table", "holds");
  }

  @Test
  void aPrefixWithoutQueuesIsOneLine_andExit1() {
    OpsRun run =
        OpsRun.execute(
            CLOCK,
            "status",
            "--prefix",
            "iceflow-nowhere",
            "--endpoint-url",
            aws.endpoint().toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith("ops: no SQS queue named iceflow-nowhere-")
        .contains("check --prefix and --region")
        .doesNotContain("\n");
  }

  @Test
  void badArgumentsPrintTheUsageAndExit2() {
    for (List<String> args :
        List.of(
            List.of("status"),
            List.of("status", "--prefix", "Bad_Prefix"),
            List.of("status", "--prefix", "iceflow-local", "--threshold", "no-such-alarm=1"),
            List.of("status", "--prefix"))) {
      List<String> all = new ArrayList<>(args);
      all.addAll(List.of("--endpoint-url", aws.endpoint().toString()));
      OpsRun run = OpsRun.execute(CLOCK, all.toArray(String[]::new));
      assertThat(run.exitCode()).as("%s: %s", args, run.err()).isEqualTo(2);
      assertThat(run.err()).as("%s", args).contains("Usage: ops status");
      assertThat(run.out()).as("%s", args).isEmpty();
    }
  }

  @Test
  void theHelpDocumentsTheExitCodesAndTheJsonFields() {
    OpsRun run = OpsRun.execute(CLOCK, "status", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "Usage: ops status",
            "--json",
            "--lambda-endpoint-url",
            "--cloudwatch-endpoint-url",
            "--prefix")
        .contains(
            "3 a problem",
            "alarms[]: alarm, target",
            "queues[]: queue (logical)",
            "functions[]: function")
        .doesNotContain("%n");
    assertThat(OpsRun.execute(CLOCK, "--help").out()).contains("status");
  }

  private OpsRun status(String... extra) {
    return status(CLOCK, extra);
  }

  private OpsRun status(Clock clock, String... extra) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "status",
                "--prefix",
                LocalAws.LOCAL_PREFIX,
                "--endpoint-url",
                aws.endpoint().toString(),
                "--lambda-endpoint-url",
                lambdaApi.endpoint().toString(),
                "--cloudwatch-endpoint-url",
                aws.cloudWatchEndpoint().toString(),
                "--catalog-uri",
                aws.catalogJdbcUri()));
    all.addAll(List.of(extra));
    return OpsRun.execute(clock, all.toArray(String[]::new));
  }

  /** What validation reports for a dataset, as its EMF lines put it into CloudWatch. */
  private static void putRecords(String dataset, double in, double rejected, Instant at) {
    Dimension dimension =
        Dimension.builder().name(MetricNames.DATASET_DIMENSION).value(dataset).build();
    aws.cloudWatch()
        .putMetricData(
            r ->
                r.namespace(topology.observability().namespace())
                    .metricData(
                        datum(MetricNames.RECORDS_IN, in, dimension, at),
                        datum(MetricNames.RECORDS_REJECTED, rejected, dimension, at)));
  }

  private static MetricDatum datum(String name, double value, Dimension dimension, Instant at) {
    return MetricDatum.builder()
        .metricName(name)
        .value(value)
        .unit(StandardUnit.COUNT)
        .dimensions(dimension)
        .timestamp(at)
        .build();
  }

  private static JsonNode alarm(JsonNode root, String name, String target) {
    for (JsonNode node : root.get("alarms")) {
      if (node.get("alarm").asText().equals(name) && node.get("target").asText().equals(target)) {
        return node;
      }
    }
    throw new AssertionError("no alarm %s for %s in %s".formatted(name, target, root));
  }

  /** Alarm × target as Terraform's alarm-definitions counts them, all functions deployed. */
  private static int expectedAlarmInstances() {
    int count = 0;
    for (AlarmSpec alarm : topology.observability().alarms()) {
      count +=
          switch (alarm.parsedTarget().kind()) {
            case DEAD_LETTER_QUEUES ->
                (int) logicalQueues().stream().filter(q -> q.endsWith("dlq")).count();
            case CONSUMED_QUEUES ->
                (int)
                    topology.functions().stream().map(f -> f.consumes().queue()).distinct().count();
            case QUEUE, PIPELINE -> 1;
            case FUNCTIONS -> topology.functions().size();
            case DATASETS -> aws.contracts().datasets().size();
          };
    }
    return count;
  }

  /** Every queue of the topology by logical name: queues, their DLQs, delivery DLQs. */
  private static List<String> logicalQueues() {
    Stream<String> queues =
        topology.queues().stream()
            .flatMap(
                q ->
                    Stream.concat(
                        Stream.of(q.name()), q.deadLetterQueue().map(d -> d.name()).stream()));
    Stream<String> delivery =
        topology.subscriptions().stream()
            .map(SubscriptionSpec::deliveryDeadLetterQueue)
            .flatMap(d -> d.map(x -> x.name()).stream());
    return Stream.concat(queues, delivery).distinct().toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void replaceHolds(List<PauseHold> holds) {
    PauseHolds read = ledger.holds();
    assertThat(ledger.replaceHolds(read, new PauseHolds(read.version(), holds))).isTrue();
  }
}
