package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.faults.FaultLog;
import dev.iceflow.contracts.topology.DeadLetterSpec;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The platform's injected delivery faults, and a crash point of the packaged validation function,
 * forced (a fraction or rate of 1) and observed where they act: the function's log, its
 * invocations, the queues. A body validation cannot route is parked in ingest-unrouted with a log
 * line naming its messageId, so each delivery of it leaves one line.
 */
@WithLocalAws
class DeliveryFaultsIntegrationTest {

  private static final String FUNCTION = "validation";
  private static final Duration WITHIN = Duration.ofSeconds(180);
  private static final long POLL_MILLIS = 100;

  private LocalAws aws;
  private FunctionSpec spec;
  private String queueUrl;
  private String deadLetterUrl;

  @BeforeEach
  void emptyQueues(LocalAws aws) {
    this.aws = aws;
    spec = aws.contracts().topology().function(FUNCTION).orElseThrow();
    Path zip =
        ProjectLayout.discover().root().resolve(spec.module()).resolve("target/function.zip");
    assertThat(zip)
        .as("the packaged function (mvn -pl %s -am package -DskipTests)", spec.module())
        .isRegularFile();
    queueUrl = aws.provisioned().queueUrl(spec.consumes().queue());
    deadLetterUrl = aws.provisioned().queueUrl(deadLetter().name());
    try (SqsClient sqs = aws.clients().sqs()) {
      QueueProbe probe = new QueueProbe(sqs);
      probe.drain(queueUrl);
      probe.drain(deadLetterUrl);
      probe.drain(aws.provisioned().queueUrl("ingest-unrouted"));
    }
  }

  @Test
  void aDuplicatedMessageReachesTheFunctionTwice_underItsOwnMessageId_andIsCounted()
      throws Exception {
    PlatformOptions options = PlatformOptions.defaults().withDuplicateDelivery(1, 7);
    try (LocalPlatform platform = start(options);
        SqsClient sqs = aws.clients().sqs()) {
      String messageId = send(sqs);
      FunctionInstance instance = platform.instances(FUNCTION).get(0);

      await(() -> linesWith(instance.log(), parkedLine(messageId)) == 2, "two deliveries");
      await(() -> visibleOrInFlight(sqs, queueUrl) == 0, "the message deleted after both");

      assertThat(instance.invocations()).as("one invocation per delivery").isEqualTo(2);
      assertThat(platform.injectedFaults().get(FUNCTION)).isEqualTo(new InjectedFaults(1, 0, 0));
    }
  }

  @Test
  void aThrottledInvocationLeavesTheMessageToComeBack_untilTheDlqTakesIt_andIsCounted()
      throws Exception {
    PlatformOptions options = PlatformOptions.defaults().withThrottling(1, 7);
    try (LocalPlatform platform = start(options);
        SqsClient sqs = aws.clients().sqs()) {
      String body = send(sqs, "throttled");

      Message dead =
          new QueueProbe(sqs)
              .await(deadLetterUrl, m -> m.body().equals(body), WITHIN)
              .orElseThrow(() -> new AssertionError("the message never reached the DLQ"));

      assertThat(dead.body()).isEqualTo(body);
      InjectedFaults injected = platform.injectedFaults().get(FUNCTION);
      assertThat(injected.invocationsThrottled())
          .as("refused at every receive before SQS moved it to the DLQ")
          .isGreaterThanOrEqualTo(deadLetter().maxReceiveCount());
      assertThat(injected.messagesThrottled()).isEqualTo(injected.invocationsThrottled());
      assertThat(injected.duplicatesDelivered()).isZero();
      assertThat(platform.instances(FUNCTION).get(0).invocations())
          .as("the function never ran")
          .isZero();
    }
  }

  @Test
  void aFunctionCrashingAtAnArmedPoint_logsItOnce_dies_andARestartedProcessDrawsAfresh()
      throws Exception {
    PlatformOptions options =
        PlatformOptions.defaults()
            .withEnvironment(FUNCTION, "ICEFLOW_FAULTS_CRASH_AT", "validation.after-message")
            .withEnvironment(FUNCTION, "ICEFLOW_FAULTS_SEED", "7");
    try (LocalPlatform platform = start(options);
        SqsClient sqs = aws.clients().sqs()) {
      String body = send(sqs, "crashing");

      new QueueProbe(sqs)
          .await(deadLetterUrl, m -> m.body().equals(body), WITHIN)
          .orElseThrow(() -> new AssertionError("the message never reached the DLQ"));

      Path log = platform.instances(FUNCTION).get(0).log();
      List<String> crashes =
          Files.readAllLines(log).stream()
              .filter(l -> l.contains(FaultLog.PREFIX + "crash at validation.after-message"))
              .toList();
      assertThat(crashes)
          .as("each delivery crashed after handling the message (rate 1)")
          .hasSizeGreaterThanOrEqualTo(deadLetter().maxReceiveCount());
      assertThat(crashes.stream().map(DeliveryFaultsIntegrationTest::process).distinct())
          .as("one crash per process, each process named anew")
          .hasSameSizeAs(crashes)
          .contains("validation#0/1", "validation#0/2");
    }
  }

  private LocalPlatform start(PlatformOptions options) {
    return LocalPlatform.start(aws, ProjectLayout.discover(), List.of(FUNCTION), options);
  }

  private DeadLetterSpec deadLetter() {
    return aws.contracts()
        .topology()
        .queue(spec.consumes().queue())
        .orElseThrow()
        .deadLetterQueue()
        .orElseThrow();
  }

  /** Sends a body validation parks as unroutable; returns its messageId. */
  private String send(SqsClient sqs) {
    return sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(unroutable("duplicated")))
        .messageId();
  }

  /** Sends a body validation parks as unroutable; returns the body. */
  private String send(SqsClient sqs, String what) {
    String body = unroutable(what);
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    return body;
  }

  private static String unroutable(String what) {
    return "{\"fault\":\"%s\",\"id\":\"%s\"}".formatted(what, UUID.randomUUID());
  }

  /** What UnroutedMessages logs when it parks the message: once per delivery. */
  private static String parkedLine(String messageId) {
    return "message " + messageId + " parked in";
  }

  private static long linesWith(Path log, String text) {
    try {
      return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String process(String crashLine) {
    Matcher m = Pattern.compile("process ([^)\\s\"]+)").matcher(crashLine);
    return m.find() ? m.group(1) : "";
  }

  private static int visibleOrInFlight(SqsClient sqs, String url) {
    var attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNamesWithStrings(
                            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
            .attributesAsStrings();
    return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
        + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(WITHIN);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + WITHIN + ": " + what);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
