package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The platform meters every invocation as Lambda does: after N invocations of the packaged
 * validation function, the emulator's CloudWatch answers GetMetricData (AWS/Lambda, Sum, by
 * FunctionName) with N invocations, their duration and their errors, as cost-guard reads them in
 * AWS. The test invokes the instance itself, with the mapping disabled, so it knows N exactly.
 */
@WithLocalAws
class LambdaMetricsIntegrationTest {

  private static final String FUNCTION = "validation";
  private static final int SUCCEEDING = 3;
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 100;

  /** An SQS event without records: validation answers it with no failures. */
  private static final byte[] EMPTY_BATCH = "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8);

  /** Not JSON: the runtime cannot read the event and reports an invocation error. */
  private static final byte[] UNREADABLE = "not json".getBytes(StandardCharsets.UTF_8);

  /** The query's window, from just before the first invocation. */
  private static final Duration WINDOW = Duration.ofHours(1);

  /** Every metric period (AWS accepts multiples of 60 s); the test adds the periods up. */
  private static final int PERIOD_SECONDS = 60;

  @Test
  void everyInvocationReachesCloudWatchAsLambdasOwnMetrics(LocalAws aws) throws Exception {
    String functionName = LocalFunctionNames.deployedName(FUNCTION);
    Instant windowStart;
    long invoked;
    try (LocalPlatform platform =
            LocalPlatform.start(aws, ProjectLayout.discover(), List.of(FUNCTION));
        LambdaClient lambda =
            aws.clients()
                .configure(LambdaClient.builder())
                .endpointOverride(platform.lambdaEndpoint())
                .build()) {
      // no invocation but the test's own: the mapping would take what earlier tests left queued
      String uuid =
          lambda
              .listEventSourceMappings(r -> r.functionName(functionName))
              .eventSourceMappings()
              .get(0)
              .uuid();
      lambda.updateEventSourceMapping(r -> r.uuid(uuid).enabled(false));
      await(
          () -> lambda.getEventSourceMapping(r -> r.uuid(uuid)).state().equals("Disabled"),
          "the mapping settles to Disabled");
      // CloudWatch windows have whole seconds: start on the next one, after every earlier
      // invocation
      windowStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
      await(() -> !Instant.now().isBefore(windowStart), "the window opens");

      FunctionInstance instance = platform.instances(FUNCTION).get(0);
      long before = instance.invocations();
      for (int i = 0; i < SUCCEEDING; i++) {
        instance.invoke(EMPTY_BATCH, WITHIN.toMillis()).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
      }
      assertThatThrownBy(
              () ->
                  instance
                      .invoke(UNREADABLE, WITHIN.toMillis())
                      .get(WITHIN.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(FunctionError.class);
      invoked = instance.invocations() - before;
    } // closing the platform publishes what is still queued
    assertThat(invoked).as("the runtime took exactly the test's invocations").isEqualTo(4);
    // past every invocation of the test, and no other invocation of the function follows it
    Instant windowEnd = windowStart.plus(WINDOW);

    try (CloudWatchClient cloudWatch = aws.cloudWatch()) {
      assertThat(sum(cloudWatch, "Invocations", functionName, windowStart, windowEnd))
          .isEqualTo(invoked);
      assertThat(sum(cloudWatch, "Errors", functionName, windowStart, windowEnd)).isEqualTo(1.0);
      assertThat(sum(cloudWatch, "Duration", functionName, windowStart, windowEnd)).isPositive();
      assertThat(sum(cloudWatch, "Invocations", "iceflow-local-nothing", windowStart, windowEnd))
          .as("only the invoked function's dimension")
          .isZero();
    }
  }

  /** A metric's Sum over the window, by FunctionName, as cost-guard asks for it. */
  private static double sum(
      CloudWatchClient cloudWatch, String metric, String functionName, Instant from, Instant to) {
    Metric byFunction =
        Metric.builder()
            .namespace(LambdaMetricsPublisher.NAMESPACE)
            .metricName(metric)
            .dimensions(
                Dimension.builder()
                    .name(LambdaMetricsPublisher.FUNCTION_NAME)
                    .value(functionName)
                    .build())
            .build();
    MetricDataQuery query =
        MetricDataQuery.builder()
            .id("m")
            .metricStat(s -> s.metric(byFunction).stat("Sum").period(PERIOD_SECONDS))
            .build();
    List<MetricDataResult> results =
        cloudWatch
            .getMetricData(r -> r.startTime(from).endTime(to).metricDataQueries(query))
            .metricDataResults();
    assertThat(results).hasSize(1);
    return results.get(0).values().stream().mapToDouble(Double::doubleValue).sum();
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
