package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateEventSourceMappingResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The platform's Lambda API through the AWS SDK's own LambdaClient, as cost-guard pauses ingestion
 * in AWS: list a function's mapping, disable it (a message then waits in the queue, undelivered),
 * enable it (the message reaches the function). Runs the packaged validation function.
 */
@WithLocalAws
class LambdaApiIntegrationTest {

  private static final String FUNCTION = "validation";
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 100;

  /**
   * How long a disabled mapping is watched for deliveries: longer than a poller's idle long poll (2
   * s) plus its paused check, so a poller that ignored the flag would have taken the message.
   */
  private static final Duration WATCHED_WHILE_DISABLED = Duration.ofSeconds(5);

  @Test
  void theSdksLambdaClientPausesAndResumesAMapping(LocalAws aws) throws Exception {
    FunctionSpec spec = aws.contracts().topology().function(FUNCTION).orElseThrow();
    Path zip =
        ProjectLayout.discover().root().resolve(spec.module()).resolve("target/function.zip");
    assertThat(zip)
        .as("the packaged function (mvn -pl %s -am package -DskipTests)", spec.module())
        .isRegularFile();
    String queueUrl = aws.provisioned().queueUrl(spec.consumes().queue());
    String queueArn = aws.provisioned().queueArn(spec.consumes().queue());
    try (LocalPlatform platform =
            LocalPlatform.start(aws, ProjectLayout.discover(), List.of(FUNCTION));
        LambdaClient lambda =
            aws.clients()
                .configure(LambdaClient.builder())
                .endpointOverride(platform.lambdaEndpoint())
                .build();
        SqsClient sqs = aws.clients().sqs()) {

      String arn = LocalFunctionNames.arn(FUNCTION);
      List<EventSourceMappingConfiguration> byName =
          lambda
              .listEventSourceMappings(
                  r -> r.functionName(LocalFunctionNames.deployedName(FUNCTION)))
              .eventSourceMappings();
      assertThat(byName).hasSize(1);
      EventSourceMappingConfiguration mapping = byName.get(0);
      assertThat(mapping.functionArn()).isEqualTo(arn);
      assertThat(mapping.eventSourceArn()).isEqualTo(queueArn);
      assertThat(mapping.state()).isEqualTo("Enabled");
      assertThat(mapping.batchSize()).isEqualTo(spec.consumes().batchSize());
      assertThat(mapping.maximumBatchingWindowInSeconds())
          .isEqualTo(spec.consumes().maximumBatchingWindowSeconds());
      assertThat(mapping.functionResponseTypes())
          .containsExactly(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
      assertThat(mapping.scalingConfig().maximumConcurrency())
          .isEqualTo(spec.consumes().maximumConcurrency());
      assertThat(mapping.lastModified()).isBeforeOrEqualTo(Instant.now());
      assertThat(lambda.listEventSourceMappings(r -> r.functionName(arn)).eventSourceMappings())
          .extracting(EventSourceMappingConfiguration::uuid)
          .containsExactly(mapping.uuid());
      assertThat(
              lambda.listEventSourceMappings(r -> r.eventSourceArn(queueArn)).eventSourceMappings())
          .extracting(EventSourceMappingConfiguration::uuid)
          .containsExactly(mapping.uuid());
      assertThatThrownBy(
              () -> lambda.listEventSourceMappings(r -> r.functionName("iceflow-local-nothing")))
          .isInstanceOf(ResourceNotFoundException.class);

      lambda.updateEventSourceMapping(r -> r.uuid(mapping.uuid()).enabled(false));
      await(
          () ->
              lambda.getEventSourceMapping(r -> r.uuid(mapping.uuid())).state().equals("Disabled"),
          "the mapping settles to Disabled");
      new QueueProbe(sqs).drain(queueUrl); // what earlier tests left
      long invocations = invocations(platform);
      sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"paused\":true}"));
      Instant watchEnds = Instant.now().plus(WATCHED_WHILE_DISABLED);
      while (Instant.now().isBefore(watchEnds)) {
        assertThat(visible(sqs, queueUrl)).as("the message waits in the queue").isEqualTo(1);
        assertThat(invocations(platform)).as("no invocation while disabled").isEqualTo(invocations);
        Thread.sleep(POLL_MILLIS);
      }

      UpdateEventSourceMappingResponse resumed =
          lambda.updateEventSourceMapping(r -> r.uuid(mapping.uuid()).enabled(true));
      assertThat(resumed.state()).isEqualTo("Enabled");
      assertThat(resumed.lastModified()).isAfter(mapping.lastModified());
      await(() -> invocations(platform) > invocations, "the function gets the waiting message");
      assertThat(lambda.getEventSourceMapping(r -> r.uuid(mapping.uuid())).state())
          .isEqualTo("Enabled");
    }
  }

  @Test
  void unknownMappingsAndFieldsTheLocalPlatformDoesNotChangeAreRefused(LocalAws aws) {
    try (LocalPlatform platform =
            LocalPlatform.start(aws, ProjectLayout.discover(), List.of(FUNCTION));
        LambdaClient lambda =
            aws.clients()
                .configure(LambdaClient.builder())
                .endpointOverride(platform.lambdaEndpoint())
                .build()) {
      String unknown = "00000000-0000-0000-0000-000000000000";
      assertThatThrownBy(() -> lambda.getEventSourceMapping(r -> r.uuid(unknown)))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThatThrownBy(() -> lambda.updateEventSourceMapping(r -> r.uuid(unknown).enabled(false)))
          .isInstanceOf(ResourceNotFoundException.class);

      String uuid = lambda.listEventSourceMappings(r -> {}).eventSourceMappings().get(0).uuid();
      assertThatThrownBy(() -> lambda.updateEventSourceMapping(r -> r.uuid(uuid).batchSize(1)))
          .isInstanceOf(InvalidParameterValueException.class)
          .hasMessageContaining("BatchSize");
    }
  }

  private static long invocations(LocalPlatform platform) {
    return platform.instances(FUNCTION).stream().mapToLong(FunctionInstance::invocations).sum();
  }

  private static int visible(SqsClient sqs, String queueUrl) {
    return Integer.parseInt(
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
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
