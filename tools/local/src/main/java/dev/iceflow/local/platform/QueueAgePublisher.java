package dev.iceflow.local.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes AWS/SQS ApproximateAgeOfOldestMessage (by QueueName, the deployed queue's name) for the
 * queues the platform's event source mappings consume. An approximation of AWS's metric: SQS
 * measures the oldest message in the whole queue once a minute, this is the oldest message of each
 * batch a mapping received (now minus its SentTimestamp), so messages no poller has reached yet are
 * not seen, and a paused mapping (which receives nothing) publishes no data point at all, where AWS
 * would show the age growing. Enough for an alarm on a backlog the pipeline is working through.
 */
public final class QueueAgePublisher implements QueueAgeMetrics {

  /** The namespace SQS's own metrics are in. */
  public static final String NAMESPACE = "AWS/SQS";

  /** The dimension that names the deployed queue. */
  public static final String QUEUE_NAME = "QueueName";

  public static final String APPROXIMATE_AGE_OF_OLDEST_MESSAGE = "ApproximateAgeOfOldestMessage";

  private final MetricDataSender sender;

  public QueueAgePublisher(MetricDataSender sender) {
    this.sender = sender;
  }

  @Override
  public void received(String queueName, Duration oldest, Instant at) {
    sender.submit(
        NAMESPACE,
        List.of(
            MetricDatum.builder()
                .metricName(APPROXIMATE_AGE_OF_OLDEST_MESSAGE)
                .dimensions(Dimension.builder().name(QUEUE_NAME).value(queueName).build())
                .timestamp(at)
                .value(oldest.toMillis() / 1000.0)
                .unit(StandardUnit.SECONDS)
                .build()));
  }
}
