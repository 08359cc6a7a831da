package dev.iceflow.e2e;

import static dev.iceflow.e2e.Awaits.await;
import static dev.iceflow.e2e.Awaits.awaitQuiet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.quarantine.Quarantine;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.contracts.topology.Queues;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.MotoVirtualenv;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.ops.OpsCommand;
import dev.iceflow.testkit.aws.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every runbook page's commands, run as on-call runs them (bash from the repository root, bin/ops
 * and the AWS CLI, the deployment named by the environment) against the packaged functions on the
 * local platform, each in a scenario that raises the page's alarm first. A page whose command
 * fails, exits otherwise than its block says, or no longer names the alarm it is for fails here, so
 * a runbook cannot rot.
 *
 * <p>The scenarios share one platform on an emulator of their own (the suite's shared one carries
 * other tests' parked messages and metrics), in an order where the pages that end on a clear board
 * come before those whose alarms stay raised for a CloudWatch period.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class RunbooksEndToEndTest {

  private static final Path RUNBOOKS = Path.of("runbooks");
  private static final String FLIGHTS = "flights";

  /** What on-call sets in an env block to name the deployment; the test names the emulator. */
  private static final Set<String> DEPLOYMENT_VARIABLES =
      Set.of("ICEFLOW_PREFIX", "AWS_PROFILE", "AWS_REGION");

  /**
   * A deployment's own alarm thresholds (Terraform's alarm_thresholds), as ops status reads them.
   */
  private static final String THRESHOLDS = "ICEFLOW_ALARM_THRESHOLDS";

  private static final String COMMIT_HOLD = "commit.before-table-commit";

  /**
   * Cost-guard's batching window, down from the topology's 5 s: every pause and resume a page runs
   * waits it out, and no page depends on it.
   */
  private static final int COST_GUARD_WINDOW_S = 1;

  /** Every function of the topology (the rollback page pauses the table's writers). */
  private static final List<String> EVERY_FUNCTION = List.of();

  private final Instant started = Instant.now();
  private ProjectLayout layout;
  private LocalAws aws;
  private LocalPlatform platform;
  private FaultMarkers commitHold;
  private RunbookShell shell;
  private Path shellWork;
  private SnsClient sns;
  private SqsClient sqs;
  private S3Client s3;
  private CloudWatchClient cloudWatch;
  private LambdaClient lambda;
  private Catalog catalog;
  private EventPublisher publisher;

  @TempDir Path work;

  @BeforeAll
  void startPlatform(@TempDir Path shellWorkDirectory) {
    layout = ProjectLayout.discover();
    aws = LocalAws.start(layout);
    Fixtures.uploadAirports(aws);
    commitHold = new FaultMarkers(aws, "faults/runbooks/", COMMIT_HOLD);
    commitHold.release(); // armed, not held: the conflict scenario holds it
    PlatformOptions options =
        commitHold.armedIn(
            PlatformOptions.defaults()
                .withBatchingWindow("cost-guard", COST_GUARD_WINDOW_S)
                // CloudWatch lands metrics minutes late in AWS; locally they are there at once
                .withEnvironment("cost-guard", "ICEFLOW_COST_GUARD_METRICS_DELAY", "PT0S")
                .withEnvironment("cost-guard", "ICEFLOW_COST_GUARD_METRICS_GRANULARITY", "PT1M"),
            "commit");
    platform = LocalPlatform.start(aws, layout, EVERY_FUNCTION, options);
    Path virtualenv = MotoVirtualenv.ensure(layout).getParent().getParent();
    shellWork = shellWorkDirectory;
    shell = new RunbookShell(layout.root(), virtualenv, shellWork);
    sns = aws.clients().sns();
    sqs = aws.clients().sqs();
    s3 = aws.clients().s3();
    cloudWatch = aws.cloudWatch();
    lambda =
        aws.clients()
            .configure(LambdaClient.builder())
            .endpointOverride(platform.lambdaEndpoint())
            .build();
    catalog = aws.openCatalog();
    publisher = Pipeline.publisher(aws, sns);
  }

  @AfterAll
  void stopPlatform() {
    Stream.<AutoCloseable>of(sns, sqs, s3, cloudWatch, lambda, platform, aws)
        .forEach(
            c -> {
              try {
                if (c != null) {
                  c.close();
                }
              } catch (Exception e) {
                throw new IllegalStateException("closing " + c, e);
              }
            });
  }

  @Test
  @Order(0)
  void everyAlarmLinksAPage_andEveryPageHasAScenarioHere() throws IOException {
    Set<String> pages = pageNames();
    for (AlarmSpec alarm : aws.contracts().topology().observability().alarms()) {
      assertThat(layout.root().resolve(alarm.runbook())).as(alarm.name()).isRegularFile();
    }
    Set<String> scenarios =
        Stream.of(getClass().getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Test.class))
            .map(m -> m.getName())
            .collect(Collectors.toCollection(TreeSet::new));
    for (String page : pages) {
      assertThat(scenarios).as("a scenario for runbooks/" + page + ".md").contains(scenario(page));
    }
  }

  @Test
  @Order(1)
  void bootstrappingAnAccount() throws Exception {
    Path airports = work.resolve("airports.csv");
    Files.writeString(airports, readAirportsSample());
    run(
        "bootstrapping-an-account",
        Map.of(
            "INGEST_TOPIC_ARN", aws.provisioned().topicArns().get(Topics.INGEST),
            "REFERENCE_BUCKET", aws.provisioned().bucket("reference"),
            "AIRPORTS_CSV", airports.toString()));
  }

  @Test
  @Order(2)
  void contractRollout() throws Exception {
    run(
        "contract-rollout",
        Map.of(
            "DATASET",
            FLIGHTS,
            "INGEST_TOPIC_ARN",
            aws.provisioned().topicArns().get(Topics.INGEST)));
  }

  @Test
  @Order(3)
  void unroutedMessages() throws Exception {
    String garbage = "hello from a misconfigured producer " + UUID.randomUUID();
    sns.publish(r -> r.topicArn(aws.provisioned().topicArns().get(Topics.INGEST)).message(garbage));
    await(() -> depth(Queues.INGEST_UNROUTED) == 1, "validation parked the garbage");

    String output = run("unrouted-messages", Map.of());

    assertThat(output).contains("alarm ingest-unrouted-not-empty fires");
    assertThat(depth(Queues.INGEST_UNROUTED)).isZero();
    try (Stream<Path> saved = Files.list(shellWork)) {
      assertThat(saved.filter(f -> f.getFileName().toString().matches("unrouted-\\d.*\\.json")))
          .singleElement()
          .satisfies(f -> assertThat(Files.readString(f)).contains(garbage));
    }
  }

  @Test
  @Order(4)
  void dlqNotEmpty() throws Exception {
    // validation cannot read its reference data: the batch fails five times into its DLQ
    s3.deleteObject(
        r -> r.bucket(aws.provisioned().bucket("reference")).key(Fixtures.AIRPORTS_KEY));
    String batchId = newBatchId();
    publisher.publish(Topics.INGEST, batch(batchId, flights(0, 10)));
    await(() -> depth("validation-ingest-dlq") == 1, "the batch in validation-ingest-dlq");
    // the cause fixed, as the page's step 2 asks before the redrive
    Fixtures.uploadAirports(aws);

    String output = run("dlq-not-empty", Map.of("QUEUE", "validation-ingest-dlq"));

    assertThat(output).contains("alarm dlq-not-empty fires for validation-ingest-dlq");
    await(() -> rows(batchId) == 10, "the redriven batch in the table");
  }

  @Test
  @Order(5)
  void tableRollback() throws Exception {
    awaitQuiet(sqs, Pipeline.queuesOf(aws, "validation", "enrichment", "commit"));
    Table table = flightsTable();
    long before = table.currentSnapshot().snapshotId();
    String bad = newBatchId();
    publisher.publish(Topics.INGEST, batch(bad, flights(10, 20)));
    await(() -> rows(bad) == 10, "the bad batch in the table");

    String output =
        run("table-rollback", Map.of("DATASET", FLIGHTS, "SNAPSHOT", String.valueOf(before)));

    assertThat(output).contains(bad);
    assertThat(mappingState(LocalAws.LOCAL_PREFIX + "-commit")).isEqualTo("Enabled");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(rows(bad)).isZero();
  }

  @Test
  @Order(6)
  void quarantineSpike() throws Exception {
    String batchId = newBatchId();
    List<ObjectNode> records = flights(20, 40);
    List<ObjectNode> corrected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      corrected.add(records.get(i).deepCopy());
      records.get(i).put("delay", "n/a"); // half the batch breaks its contract
    }
    publisher.publish(Topics.INGEST, batch(batchId, records));
    String object = Quarantine.key(Stage.VALIDATION, FLIGHTS, batchId);
    await(
        () -> rows(batchId) == 10 && quarantined(object),
        "valid rows landed, the rest quarantined");
    awaitMetric(MetricNames.RECORDS_REJECTED);
    Path correctedFile = work.resolve("corrected.ndjson");
    Files.writeString(
        correctedFile,
        corrected.stream().map(ObjectNode::toString).collect(Collectors.joining("\n", "", "\n")));

    String output =
        run(
            "quarantine-spike",
            Map.of(
                "DATASET", FLIGHTS,
                "QUARANTINE_OBJECT", object,
                "CORRECTED", correctedFile.toString()));

    assertThat(output).contains("alarm quarantine-spike fires for flights");
    await(() -> rows(batchId) == 20, "the corrected records replayed into the table");
    // on-call runs the replay again, then forces it: the same batch id, which the table keeps once
    assertThat(replay(object, correctedFile)).contains("Already replayed as batch " + batchId);
    assertThat(replay(object, correctedFile, "--force")).contains("Published ingest.batch");
    awaitQuiet(sqs, Pipeline.queuesOf(aws, "validation", "enrichment", "commit"));
    assertThat(rows(batchId)).as("the corrected records, once").isEqualTo(20);
  }

  /** {@code ops quarantine replay} in this JVM, as the page runs it; returns its output. */
  private String replay(String object, Path corrected, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine ops = OpsCommand.commandLine(Clock.systemUTC());
    ops.setOut(new PrintWriter(out, true));
    ops.setErr(new PrintWriter(err, true));
    List<String> args =
        new ArrayList<>(
            List.of(
                "quarantine",
                "replay",
                "--object",
                object,
                "--file",
                corrected.toString(),
                "--prefix",
                LocalAws.LOCAL_PREFIX,
                "--endpoint-url",
                aws.endpoint().toString()));
    args.addAll(List.of(extra));
    assertThat(ops.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  @Order(7)
  void freshnessBreach() throws Exception {
    String batchId = newBatchId();
    // upstream held the batch back twenty minutes before publishing it
    publisher.publish(
        Topics.INGEST,
        batch(batchId, flights(40, 50)).withTime(Instant.now().minus(Duration.ofMinutes(20))));
    await(() -> rows(batchId) == 10, "the late batch in the table");
    awaitMetric(MetricNames.FRESHNESS);

    String output = run("freshness-breach", Map.of("DATASET", FLIGHTS, "BATCH_ID", batchId));

    assertThat(output).contains("alarm freshness-breach fires for flights");
    assertThat(output).contains("validation", "enrichment", "commit"); // the trace's stages
  }

  @Test
  @Order(8)
  void commitConflicts() throws Exception {
    commitHold.hold();
    String batchId = newBatchId();
    publisher.publish(Topics.INGEST, batch(batchId, flights(50, 60)));
    await(commitHold::held, "the commit held before its table commit");
    // a writer outside the pipeline commits to the table meanwhile
    Table table = flightsTable();
    table.newAppend().set("engine", "runbook-test").commit();
    commitHold.release();
    await(() -> rows(batchId) == 10, "the batch committed after its conflict");
    awaitMetric(MetricNames.COMMIT_CONFLICTS);

    // one conflict is no incident in production (threshold 20); this deployment's threshold is 0
    String output =
        run(
            "commit-conflicts",
            Map.of("DATASET", FLIGHTS),
            Map.of(THRESHOLDS, "commit-conflicts=0"));

    assertThat(output).contains("alarm commit-conflicts fires for flights");
  }

  @Test
  @Order(9)
  void pausedByCostGuard() throws Exception {
    String validation = LocalAws.LOCAL_PREFIX + "-validation";
    Runaway.report(cloudWatch, validation);
    platform.fireSchedule(Schedules.COST_GUARD_TICK);
    await(() -> mappingState(validation).equals("Disabled"), "cost-guard paused validation");
    // the pause is applied after the tick that decided it; the next tick counts it
    platform.fireSchedule(Schedules.COST_GUARD_TICK);
    awaitMetric(MetricNames.PAUSED_FUNCTIONS);

    String output = run("paused-by-cost-guard", Map.of("TICKET", "INC-RUNBOOK"));

    assertThat(output).contains("alarm pipeline-paused fires", "alarm budget-threshold fires");
    assertThat(mappingState(validation)).isEqualTo("Enabled");
  }

  /**
   * Runs the page with the emulator's environment and the scenario's values; returns the output.
   */
  private String run(String page, Map<String, String> values) throws Exception {
    return run(page, values, Map.of());
  }

  /**
   * As {@link #run(String, Map)}, in a deployment whose environment also has {@code deployment}
   * (what on-call's shell has set once for every page, such as the deployment's thresholds).
   */
  private String run(String page, Map<String, String> values, Map<String, String> deployment)
      throws Exception {
    RunbookPage runbook = RunbookPage.read(layout.root().resolve(RUNBOOKS).resolve(page + ".md"));
    Set<String> asked = new TreeSet<>(runbook.environmentVariables());
    asked.removeAll(DEPLOYMENT_VARIABLES);
    assertThat(values.keySet())
        .as("the values runbooks/%s.md asks on-call to set", page)
        .containsExactlyInAnyOrderElementsOf(asked);
    Map<String, String> environment = new HashMap<>(emulatorEnvironment());
    environment.putAll(deployment);
    environment.putAll(values);
    RunbookShell.Result result = shell.run(runbook, environment);
    assertThat(result.exitCode())
        .as("runbooks/%s.md ran with exit %d:%n%s", page, result.exitCode(), result.output())
        .isZero();
    return result.output();
  }

  /** The local platform as bin/demo --platform-only prints it for a shell. */
  private Map<String, String> emulatorEnvironment() {
    return Map.of(
        "AWS_ENDPOINT_URL",
        aws.endpoint().toString(),
        "AWS_ENDPOINT_URL_LAMBDA",
        platform.lambdaEndpoint().toString(),
        "AWS_ENDPOINT_URL_CLOUDWATCH",
        aws.cloudWatchEndpoint().toString(),
        "AWS_ACCESS_KEY_ID",
        "test",
        "AWS_SECRET_ACCESS_KEY",
        "test",
        "AWS_DEFAULT_REGION",
        "us-east-1",
        "AWS_REGION",
        "us-east-1",
        "ICEFLOW_PREFIX",
        LocalAws.LOCAL_PREFIX,
        "ICEFLOW_RUN_DIR",
        aws.runDirectory().toString());
  }

  private Set<String> pageNames() throws IOException {
    try (Stream<Path> files = Files.list(layout.root().resolve(RUNBOOKS))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".md") && !f.equals("README.md"))
          .map(f -> f.substring(0, f.length() - ".md".length()))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** The scenario method's name for a page: bootstrapping-an-account → bootstrappingAnAccount. */
  private static String scenario(String page) {
    String[] words = page.split("-");
    StringBuilder name = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return name.toString();
  }

  private static String readAirportsSample() throws IOException {
    try (InputStream in =
        Fixtures.class.getClassLoader().getResourceAsStream("fixtures/airports-sample.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Sample flights {@code from} (inclusive) to {@code to}, all valid. */
  private static List<ObjectNode> flights(int from, int to) {
    return Fixtures.flights().subList(from, to);
  }

  private static Envelope batch(String batchId, List<ObjectNode> records) {
    return IngestBatches.inline(batchId, "runbook-test", records);
  }

  private static String newBatchId() {
    return "runbook-" + UUID.randomUUID();
  }

  private int depth(String queue) {
    return Awaits.waiting(sqs, aws.provisioned().queueUrl(queue));
  }

  private Table flightsTable() {
    return catalog.loadTable(
        ContractTables.identifier(aws.contracts().dataset(FLIGHTS).orElseThrow().table()));
  }

  /** Rows of the batch, and of its replays (batch ids that start with its id). */
  private long rows(String batchId) throws IOException {
    Table table;
    try {
      table = flightsTable();
    } catch (NoSuchTableException e) {
      return 0;
    }
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table)
            .where(Expressions.startsWith("batch_id", batchId))
            .select("batch_id")
            .build()) {
      return StreamSupport.stream(rows.spliterator(), false).count();
    }
  }

  private boolean quarantined(String key) {
    try {
      s3.headObject(r -> r.bucket(aws.provisioned().bucket("quarantine")).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  /**
   * Waits until the functions' EMF lines for {@code metric} since the test began are in CloudWatch:
   * the platform puts them there in the background, and an alarm reads them.
   */
  private void awaitMetric(String metric) throws Exception {
    await(
        () ->
            cloudWatch
                .getMetricData(
                    r ->
                        r.startTime(started.minus(Duration.ofMinutes(1)))
                            .endTime(Instant.now().plus(Duration.ofMinutes(1)))
                            .metricDataQueries(
                                q ->
                                    q.id("m")
                                        .metricStat(
                                            stat ->
                                                stat.period(60)
                                                    .stat("Maximum")
                                                    .metric(
                                                        m ->
                                                            m.namespace(
                                                                    aws.contracts()
                                                                        .topology()
                                                                        .observability()
                                                                        .namespace())
                                                                .metricName(metric)
                                                                .dimensions(
                                                                    datasetDimension(metric))))))
                .metricDataResults()
                .stream()
                .flatMap(result -> result.values().stream())
                .anyMatch(value -> value > 0),
        metric + " in CloudWatch");
  }

  private List<Dimension> datasetDimension(String metric) {
    return aws.contracts()
            .topology()
            .observability()
            .metric(metric)
            .orElseThrow()
            .dimensions()
            .isEmpty()
        ? List.of()
        : List.of(Dimension.builder().name(MetricNames.DATASET_DIMENSION).value(FLIGHTS).build());
  }

  private String mappingState(String function) {
    return lambda
        .listEventSourceMappings(r -> r.functionName(function))
        .eventSourceMappings()
        .get(0)
        .state();
  }
}
