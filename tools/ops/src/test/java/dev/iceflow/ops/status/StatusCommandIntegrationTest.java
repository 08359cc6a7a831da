package dev.iceflow.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Ledgers;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
    assertThat(run.out()).contains("No pause holds in iceflow-local-cost", "No problems.");
    assertThat(run.out()).doesNotContain(TextStatusRenderer.PROBLEM);
  }

  @Test
  void aMessageInADeadLetterQueueIsFlagged_andExits3() {
    aws.clients()
        .sqs()
        .sendMessage(r -> r.queueUrl(aws.provisioned().queueUrl(DEAD_LETTERED)).messageBody("{}"));

    OpsRun run = status();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(StatusCommand.PROBLEM_EXIT_CODE);
    assertThat(run.out())
        .contains(
            "PROBLEM: dead-letter iceflow-local-enrichment-dlq holds 1 message(s) (dead letters of"
                + " queue enrichment)")
        .doesNotContain("No problems.");
    assertThat(run.out().lines().filter(l -> l.startsWith("PROBLEM"))).hasSize(1);
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
            "queues",
            "functions",
            "holds",
            "tables");
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
        .contains("Usage: ops status", "--json", "--lambda-endpoint-url", "--prefix")
        .contains("3 a problem", "queues[]: queue (logical)", "functions[]: function")
        .doesNotContain("%n");
    assertThat(OpsRun.execute(CLOCK, "--help").out()).contains("status");
  }

  private OpsRun status(String... extra) {
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
                "--catalog-uri",
                aws.catalogJdbcUri()));
    all.addAll(List.of(extra));
    return OpsRun.execute(CLOCK, all.toArray(String[]::new));
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
