package dev.iceflow.bench.steady;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Samples the pipeline's queues once a second: messages waiting (ApproximateNumberOfMessages) and
 * in flight (ApproximateNumberOfMessagesNotVisible), as a CloudWatch dashboard would show them.
 */
final class QueueDepthSampler implements AutoCloseable {

  private static final long EVERY_MILLIS = 1000;

  /** One look at every queue. */
  record Sample(long atMillis, Map<String, Integer> waiting, Map<String, Integer> inFlight) {

    int totalWaiting() {
      return waiting.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final SqsClient sqs;
  private final Map<String, String> queueUrls;
  private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  /** {@code queueUrls}: logical queue name to URL, in the pipeline's order. */
  QueueDepthSampler(SqsClient sqs, Map<String, String> queueUrls) {
    this.sqs = sqs;
    this.queueUrls = queueUrls;
  }

  QueueDepthSampler start() {
    timer.scheduleAtFixedRate(this::sample, 0, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  /** A failed look is reported and skipped: the timer must keep sampling (it stops on a throw). */
  private void sample() {
    try {
      look();
    } catch (RuntimeException e) {
      System.err.printf("queue depth sample failed, skipped: %s%n", e);
    }
  }

  private void look() {
    Map<String, Integer> waiting = new LinkedHashMap<>();
    Map<String, Integer> inFlight = new LinkedHashMap<>();
    long at = System.currentTimeMillis();
    queueUrls.forEach(
        (queue, url) -> {
          Map<QueueAttributeName, String> a =
              sqs.getQueueAttributes(
                      r ->
                          r.queueUrl(url)
                              .attributeNames(
                                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                  .attributes();
          waiting.put(
              queue, Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
          inFlight.put(
              queue,
              Integer.parseInt(
                  a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        });
    samples.add(new Sample(at, waiting, inFlight));
  }

  /** The samples taken in [fromMillis, toMillis]. */
  List<Sample> between(long fromMillis, long toMillis) {
    synchronized (samples) {
      return samples.stream()
          .filter(s -> s.atMillis() >= fromMillis && s.atMillis() <= toMillis)
          .toList();
    }
  }

  List<String> queues() {
    return List.copyOf(queueUrls.keySet());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
