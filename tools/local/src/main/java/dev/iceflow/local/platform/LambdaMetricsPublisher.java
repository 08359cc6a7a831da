package dev.iceflow.local.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes the AWS/Lambda metrics Lambda emits for every invocation (Invocations, Duration,
 * Errors, by FunctionName) to the embedded AWS's CloudWatch, where cost-guard reads them with
 * GetMetricData as it does in AWS. Off the invocation's path: {@link #record} only queues; one
 * background thread sends what has queued up in batches of PutMetricData, and {@link #close} sends
 * the rest. A failed publish is logged with its reason; its data points are not retried.
 */
public final class LambdaMetricsPublisher implements InvocationMetrics, AutoCloseable {

  /** The namespace Lambda's own metrics are in. */
  public static final String NAMESPACE = "AWS/Lambda";

  /** The dimension that names the deployed function. */
  public static final String FUNCTION_NAME = "FunctionName";

  public static final String INVOCATIONS = "Invocations";
  public static final String DURATION = "Duration";
  public static final String ERRORS = "Errors";

  private static final Logger LOG = Logger.getLogger(LambdaMetricsPublisher.class);

  /** Invocations per PutMetricData: 3 data points each, well under its 1000 data points. */
  private static final int BATCH_INVOCATIONS = 100;

  /** How often the idle publisher checks whether it is closing. */
  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  /** How long close waits for the last batches; a PutMetricData to moto takes milliseconds. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private record Recorded(String functionName, InvocationOutcome outcome) {}

  private final CloudWatchClient cloudWatch;
  private final BlockingQueue<Recorded> queue = new LinkedBlockingQueue<>();
  private final Thread sender = new Thread(this::sendUntilClosed, "lambda-metrics");
  private volatile boolean closing;

  /** Starts publishing through {@code cloudWatch}, which it closes when it is closed. */
  public LambdaMetricsPublisher(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public void record(String functionName, InvocationOutcome outcome) {
    if (closing) {
      LOG.warnf(
          "%s ended an invocation after the metrics publisher closed: not published", functionName);
      return;
    }
    queue.add(new Recorded(functionName, outcome));
  }

  private void sendUntilClosed() {
    try {
      while (!closing || !queue.isEmpty()) {
        Recorded first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Recorded> batch = new ArrayList<>(BATCH_INVOCATIONS);
        batch.add(first);
        queue.drainTo(batch, BATCH_INVOCATIONS - 1);
        publish(batch);
      }
    } catch (InterruptedException e) {
      LOG.errorf(
          "the metrics publisher was interrupted: %d invocations not published", queue.size());
      Thread.currentThread().interrupt();
    }
  }

  private void publish(List<Recorded> batch) {
    List<MetricDatum> data = new ArrayList<>(batch.size() * 3);
    for (Recorded recorded : batch) {
      data.addAll(datums(recorded));
    }
    try {
      cloudWatch.putMetricData(r -> r.namespace(NAMESPACE).metricData(data));
    } catch (SdkException e) {
      LOG.errorf(
          e,
          "could not publish the %s metrics of %d invocations to CloudWatch: %s",
          NAMESPACE,
          batch.size(),
          e.getMessage());
    }
  }

  /** The data points Lambda emits for one invocation. */
  private static List<MetricDatum> datums(Recorded recorded) {
    InvocationOutcome outcome = recorded.outcome();
    Dimension function =
        Dimension.builder().name(FUNCTION_NAME).value(recorded.functionName()).build();
    return List.of(
        datum(INVOCATIONS, function, outcome, 1, StandardUnit.COUNT),
        datum(DURATION, function, outcome, outcome.durationMillis(), StandardUnit.MILLISECONDS),
        datum(ERRORS, function, outcome, outcome.error() ? 1 : 0, StandardUnit.COUNT));
  }

  private static MetricDatum datum(
      String name, Dimension function, InvocationOutcome outcome, double value, StandardUnit unit) {
    return MetricDatum.builder()
        .metricName(name)
        .dimensions(function)
        .timestamp(outcome.end())
        .value(value)
        .unit(unit)
        .build();
  }

  /** Publishes what is still queued, then stops. */
  @Override
  public void close() {
    closing = true;
    try {
      sender.join(CLOSE_TIMEOUT.toMillis());
      if (sender.isAlive()) {
        LOG.errorf(
            "the metrics publisher did not finish within %s: %d invocations not published",
            CLOSE_TIMEOUT, queue.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.errorf(
          "interrupted while publishing the last metrics: %d invocations not published",
          queue.size());
    } finally {
      cloudWatch.close();
    }
  }
}
