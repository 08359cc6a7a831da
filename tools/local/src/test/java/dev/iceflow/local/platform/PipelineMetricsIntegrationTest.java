package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The services' EMF lines reach CloudWatch through the platform as they do through CloudWatch Logs
 * in AWS: one ingest batch with records broken on purpose goes through the packaged validation
 * function, and GetMetricData on the emulator answers RecordsIn, RecordsValid and RecordsRejected
 * for the dataset with exactly the batch's counts; the queue's AWS/SQS age has a data point too,
 * and the function's log keeps the EMF line.
 */
@WithLocalAws
class PipelineMetricsIntegrationTest {

  private static final String FUNCTION = "validation";
  private static final String QUEUE = "validation-ingest";
  private static final String DATASET = "flights";
  private static final int RECORDS = 10;
  private static final Duration WITHIN = Duration.ofSeconds(120);
  private static final long POLL_MILLIS = 200;
  private static final int PERIOD_SECONDS = 60;
  private static final Duration WINDOW = Duration.ofHours(1);

  @Test
  void aBatchsValidationCountsReachCloudWatch_underTheNamespaceAndDatasetOfTheTopology(LocalAws aws)
      throws Exception {
    Fixtures.uploadAirports(aws);
    SqsClient sqs = aws.clients().sqs();
    String queueUrl = aws.provisioned().queueUrl(QUEUE);
    new QueueProbe(sqs).drain(queueUrl); // what earlier tests left would be counted too
    List<ObjectNode> records = new ArrayList<>(Fixtures.flights().subList(0, RECORDS));
    records.get(2).put("delay", "late"); // not an integer
    records.get(5).put("destination", records.get(5).path("origin").asText()); // to its origin
    records.get(7).put("delay", "very late");
    int rejected = 3;
    // CloudWatch windows have whole seconds: start on the next one, after every earlier datapoint
    Instant windowStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    await(() -> !Instant.now().isBefore(windowStart), "the window opens");

    Path log;
    try (LocalPlatform platform =
            LocalPlatform.start(aws, ProjectLayout.discover(), List.of(FUNCTION));
        SnsClient sns = aws.clients().sns()) {
      FunctionInstance instance = platform.instances(FUNCTION).get(0);
      log =
          aws.runDirectory()
              .resolve("functions")
              .resolve(FUNCTION)
              .resolve(Integer.toString(instance.slot()))
              .resolve("function.log");
      new EventPublisher(
              sns,
              new EnvelopeCodec(aws.contracts().messages()),
              new TopicDirectory(aws.provisioned().topicArns()))
          .publish(
              Topics.INGEST,
              IngestBatches.inline(
                  DATASET, "metrics-" + UUID.randomUUID(), "metrics-test", records));
      await(() -> instance.invocations() > 0, "validation takes the batch");
      await(() -> !instance.isBusy() && queueIsEmpty(sqs, queueUrl), "the batch is done");
    } // closing the platform drains every function's output and publishes what is still queued
    Instant windowEnd = windowStart.plus(WINDOW);
    String namespace = aws.contracts().topology().observability().namespace();
    String queueName = aws.provisioned().queueArn(QUEUE).replaceAll(".*:", "");

    try (CloudWatchClient cloudWatch = aws.cloudWatch()) {
      assertThat(byDataset(cloudWatch, namespace, MetricNames.RECORDS_IN, windowStart, windowEnd))
          .isEqualTo(RECORDS);
      assertThat(
              byDataset(cloudWatch, namespace, MetricNames.RECORDS_VALID, windowStart, windowEnd))
          .isEqualTo(RECORDS - rejected);
      assertThat(
              byDataset(
                  cloudWatch, namespace, MetricNames.RECORDS_REJECTED, windowStart, windowEnd))
          .isEqualTo(rejected);
      assertThat(
              sum(
                  cloudWatch,
                  QueueAgePublisher.NAMESPACE,
                  QueueAgePublisher.APPROXIMATE_AGE_OF_OLDEST_MESSAGE,
                  QueueAgePublisher.QUEUE_NAME,
                  queueName,
                  "SampleCount",
                  windowStart,
                  windowEnd))
          .as("one batch received from %s, one age", queueName)
          .isEqualTo(1);
    }
    assertThat(Files.readAllLines(log))
        .as("the EMF line is in the function's log too, whole")
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("{\"_aws\"")
                    .contains("\"RecordsIn\":" + RECORDS)
                    .endsWith("}"));
  }

  private static double byDataset(
      CloudWatchClient cloudWatch, String namespace, String metric, Instant from, Instant to) {
    return sum(
        cloudWatch, namespace, metric, MetricNames.DATASET_DIMENSION, DATASET, "Sum", from, to);
  }

  /** A statistic over the window, added up across its periods. */
  private static double sum(
      CloudWatchClient cloudWatch,
      String namespace,
      String metric,
      String dimension,
      String value,
      String stat,
      Instant from,
      Instant to) {
    Metric wanted =
        Metric.builder()
            .namespace(namespace)
            .metricName(metric)
            .dimensions(Dimension.builder().name(dimension).value(value).build())
            .build();
    MetricDataQuery query =
        MetricDataQuery.builder()
            .id("m")
            .metricStat(s -> s.metric(wanted).stat(stat).period(PERIOD_SECONDS))
            .build();
    List<MetricDataResult> results =
        cloudWatch
            .getMetricData(r -> r.startTime(from).endTime(to).metricDataQueries(query))
            .metricDataResults();
    assertThat(results).hasSize(1);
    return results.get(0).values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static boolean queueIsEmpty(SqsClient sqs, String queueUrl) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return attributes.values().stream().allMatch("0"::equals);
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
