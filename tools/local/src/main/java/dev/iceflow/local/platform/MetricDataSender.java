package dev.iceflow.local.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * Sends the platform's metric data to the embedded AWS's CloudWatch off the callers' paths: {@link
 * #submit} only queues; one background thread sends what has queued up with PutMetricData, one call
 * per namespace and at most {@link #DATA_PER_CALL} data points, and {@link #close} sends the rest.
 * A failed call is logged with its reason; its data points are not retried.
 */
public final class MetricDataSender implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MetricDataSender.class);

  /** Data points per PutMetricData: AWS takes up to 1000. */
  static final int DATA_PER_CALL = 500;

  /** How often the idle sender checks whether it is closing. */
  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  /** How long close waits for the last calls; a PutMetricData to moto takes milliseconds. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private record Pending(String namespace, MetricDatum datum) {}

  private final CloudWatchClient cloudWatch;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread sender = new Thread(this::sendUntilClosed, "cloudwatch-metrics");
  private volatile boolean closing;

  /** Starts sending through {@code cloudWatch}, which it closes when it is closed. */
  public MetricDataSender(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
    sender.setDaemon(true);
    sender.start();
  }

  /** Queues {@code data} for {@code namespace}; never blocks. */
  public void submit(String namespace, List<MetricDatum> data) {
    if (closing) {
      LOG.warnf(
          "%d %s data point(s) came after the metrics sender closed: not published",
          data.size(), namespace);
      return;
    }
    data.forEach(d -> queue.add(new Pending(namespace, d)));
  }

  private void sendUntilClosed() {
    try {
      while (!closing || !queue.isEmpty()) {
        Pending first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Pending> batch = new ArrayList<>(DATA_PER_CALL);
        batch.add(first);
        queue.drainTo(batch, DATA_PER_CALL - 1);
        Map<String, List<MetricDatum>> byNamespace = new LinkedHashMap<>();
        batch.forEach(
            p -> byNamespace.computeIfAbsent(p.namespace(), n -> new ArrayList<>()).add(p.datum()));
        byNamespace.forEach(this::send);
      }
    } catch (InterruptedException e) {
      LOG.errorf("the metrics sender was interrupted: %d data points not published", queue.size());
      Thread.currentThread().interrupt();
    }
  }

  private void send(String namespace, List<MetricDatum> data) {
    try {
      cloudWatch.putMetricData(r -> r.namespace(namespace).metricData(data));
    } catch (SdkException e) {
      LOG.errorf(
          e,
          "could not publish %d %s data point(s) to CloudWatch: %s",
          data.size(),
          namespace,
          e.getMessage());
    }
  }

  /** Publishes what is still queued, then stops. */
  @Override
  public void close() {
    closing = true;
    try {
      sender.join(CLOSE_TIMEOUT.toMillis());
      if (sender.isAlive()) {
        LOG.errorf(
            "the metrics sender did not finish within %s: %d data points not published",
            CLOSE_TIMEOUT, queue.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.errorf(
          "interrupted while publishing the last metrics: %d data points not published",
          queue.size());
    } finally {
      cloudWatch.close();
    }
  }
}
