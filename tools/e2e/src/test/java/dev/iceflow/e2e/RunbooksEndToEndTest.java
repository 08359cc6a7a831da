package dev.iceflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.MotoVirtualenv;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.testkit.aws.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
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

  /** What on-call sets in an env block to name the deployment; the test names the emulator. */
  private static final Set<String> DEPLOYMENT_VARIABLES =
      Set.of("ICEFLOW_PREFIX", "AWS_PROFILE", "AWS_REGION");

  private ProjectLayout layout;
  private LocalAws aws;
  private LocalPlatform platform;
  private RunbookShell shell;
  private SnsClient sns;
  private SqsClient sqs;
  private S3Client s3;
  private EventPublisher publisher;

  @TempDir Path work;

  @BeforeAll
  void startPlatform(@TempDir Path shellWork) {
    layout = ProjectLayout.discover();
    aws = LocalAws.start(layout);
    Fixtures.uploadAirports(aws);
    platform = LocalPlatform.start(aws, layout, List.of(), PlatformOptions.defaults());
    Path virtualenv = MotoVirtualenv.ensure(layout).getParent().getParent();
    shell = new RunbookShell(layout.root(), virtualenv, shellWork);
    sns = aws.clients().sns();
    sqs = aws.clients().sqs();
    s3 = aws.clients().s3();
    publisher = Pipeline.publisher(aws, sns);
  }

  @AfterAll
  void stopPlatform() {
    Stream.<AutoCloseable>of(sns, sqs, s3, platform, aws)
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

  // ... the other pages' scenarios follow as their commands land

  /**
   * Runs the page with the emulator's environment and the scenario's values; returns the output.
   */
  private String run(String page, Map<String, String> values) throws Exception {
    RunbookPage runbook = RunbookPage.read(layout.root().resolve(RUNBOOKS).resolve(page + ".md"));
    Set<String> asked = new TreeSet<>(runbook.environmentVariables());
    asked.removeAll(DEPLOYMENT_VARIABLES);
    assertThat(values.keySet())
        .as("the values runbooks/%s.md asks on-call to set", page)
        .containsExactlyInAnyOrderElementsOf(asked);
    Map<String, String> environment = new HashMap<>(emulatorEnvironment());
    environment.putAll(values);
    RunbookShell.Result result = shell.run(runbook, environment);
    assertThat(result.exitCode())
        .as("runbooks/%s.md ran with exit %d:%n%s", page, result.exitCode(), result.output())
        .isZero();
    return result.output();
  }

  private Map<String, String> emulatorEnvironment() {
    return Map.of(
        "AWS_ENDPOINT_URL", aws.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", "test",
        "AWS_SECRET_ACCESS_KEY", "test",
        "AWS_DEFAULT_REGION", "us-east-1",
        "AWS_REGION", "us-east-1",
        "ICEFLOW_PREFIX", LocalAws.LOCAL_PREFIX);
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
    try (var in =
        Fixtures.class.getClassLoader().getResourceAsStream("fixtures/airports-sample.csv")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static Envelope batch(String batchId, List<ObjectNode> records) {
    return IngestBatches.inline(batchId, "runbook-test", records);
  }

  private static String newBatchId() {
    return "runbook-" + UUID.randomUUID();
  }
}
