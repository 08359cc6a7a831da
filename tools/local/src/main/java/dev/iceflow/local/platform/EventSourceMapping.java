package dev.iceflow.local.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.topology.EventSourceSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does for one function: as many pollers as the function's
 * concurrency, each gathering a batch (batch size, batching window), invoking an instance of its
 * own, and deleting only the messages the function did not report as failed
 * (ReportBatchItemFailures). Failed messages return to the queue and, after maxReceiveCount
 * receives, SQS moves them to the DLQ. A function that errors or overruns its timeout fails the
 * whole batch; past the timeout its process is killed and replaced. The mapping can be disabled and
 * enabled at run time ({@link LocalPlatform#setEnabled}, or UpdateEventSourceMapping through {@link
 * LambdaApiServer}), as its Enabled flag pauses one in AWS; like AWS's, it is Disabling until the
 * rounds under way when it was disabled have ended. The age of each batch's oldest message goes to
 * the platform's {@link QueueAgeMetrics} (see {@link QueueAgePublisher} for how it approximates
 * SQS's ApproximateAgeOfOldestMessage). A fault run can have it deliver messages twice and refuse
 * invocations as throttled ({@link DeliveryFaults}); {@link #injectedFaults()} counts them.
 */
public final class EventSourceMapping implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventSourceMapping.class);
  private static final long PAUSED_POLL_MILLIS = 200;
  private static final long ROUND_FAILURE_BACKOFF_MILLIS = 1000;
  private static final long CLOSE_GRACE_SECONDS = 10;

  /** The mapping's states as Lambda names them (its State field). */
  public enum State {
    ENABLED("Enabled"),
    DISABLING("Disabling"),
    DISABLED("Disabled");

    private final String awsName;

    State(String awsName) {
      this.awsName = awsName;
    }

    public String awsName() {
      return awsName;
    }
  }

  private final String uuid = UUID.randomUUID().toString();
  private final EventSourceSpec spec;
  private final String queueUrl;
  private final String queueArn;
  private final SqsClient sqs;
  private final BatchCollector collector;
  private final FunctionPool pool;
  private final int timeoutSeconds;
  private final int retryDelaySeconds;
  private final QueueAgeMetrics queueAges;
  private final MappingFaults faults;
  private final ExecutorService pollers;
  private final AtomicBoolean enabled = new AtomicBoolean(true);
  private final AtomicBoolean running = new AtomicBoolean(true);

  /** Pollers inside a round (gathering or delivering a batch): disabling waits for them. */
  private final AtomicInteger roundsUnderWay = new AtomicInteger();

  private final AtomicLong redelivered = new AtomicLong();

  private volatile Instant lastModified = Instant.now();

  public EventSourceMapping(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      EventSourceSpec spec,
      FunctionPool pool,
      int timeoutSeconds,
      int retryDelaySeconds) {
    this(
        sqs,
        queueUrl,
        queueArn,
        spec,
        pool,
        timeoutSeconds,
        retryDelaySeconds,
        QueueAgeMetrics.NONE);
  }

  /** A mapping that reports the age of each batch's oldest message to {@code queueAges}. */
  public EventSourceMapping(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      EventSourceSpec spec,
      FunctionPool pool,
      int timeoutSeconds,
      int retryDelaySeconds,
      QueueAgeMetrics queueAges) {
    this(
        sqs,
        queueUrl,
        queueArn,
        spec,
        pool,
        timeoutSeconds,
        retryDelaySeconds,
        queueAges,
        DeliveryFaults.NONE);
  }

  /** A mapping that also injects {@code deliveryFaults}. */
  public EventSourceMapping(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      EventSourceSpec spec,
      FunctionPool pool,
      int timeoutSeconds,
      int retryDelaySeconds,
      QueueAgeMetrics queueAges,
      DeliveryFaults deliveryFaults) {
    this.sqs = sqs;
    this.faults = new MappingFaults(deliveryFaults, pool.function());
    this.queueAges = queueAges;
    this.spec = spec;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
    this.collector = new BatchCollector(sqs, queueUrl, spec);
    this.pool = pool;
    this.timeoutSeconds = timeoutSeconds;
    this.retryDelaySeconds = retryDelaySeconds;
    this.pollers = Executors.newFixedThreadPool(pool.size());
  }

  /** Starts one poller per instance slot. */
  public EventSourceMapping start() {
    for (int slot = 0; slot < pool.size(); slot++) {
      int mine = slot;
      pollers.submit(() -> poll(mine));
    }
    return this;
  }

  public void setEnabled(boolean on) {
    if (enabled.getAndSet(on) != on) {
      lastModified = Instant.now();
    }
    LOG.infof(
        "event source mapping %s -> %s %s", queueArn, pool.function(), on ? "enabled" : "disabled");
  }

  /** Stable for the platform's run: the mapping's UUID in the Lambda API. */
  public String uuid() {
    return uuid;
  }

  /** The topology function it feeds. */
  public String function() {
    return pool.function();
  }

  public String queueArn() {
    return queueArn;
  }

  public EventSourceSpec spec() {
    return spec;
  }

  /** What it injected so far: duplicate deliveries, throttled invocations. */
  public InjectedFaults injectedFaults() {
    return faults.injected();
  }

  /**
   * Messages received again after an earlier receive did not delete them (ApproximateReceiveCount
   * above 1): a failed, throttled or killed invocation's, back after the redelivery delay.
   */
  public long redelivered() {
    return redelivered.get();
  }

  /** When it was created or last enabled or disabled. */
  public Instant lastModified() {
    return lastModified;
  }

  /**
   * Enabled; Disabling while a round that may have taken messages is still under way; then
   * Disabled, when no message reaches the function any more.
   */
  public State state() {
    if (enabled.get()) {
      return State.ENABLED;
    }
    return roundsUnderWay.get() > 0 ? State.DISABLING : State.DISABLED;
  }

  private void poll(int slot) {
    while (running.get()) {
      if (!pollRound(slot)) {
        sleep(PAUSED_POLL_MILLIS);
      }
    }
  }

  /**
   * One round: gathers a batch and delivers it; false when the mapping is disabled. The round is
   * counted before the enabled flag is read, so once {@link #state} has seen the flag off and no
   * round under way, no round can start (Disabled holds).
   */
  private boolean pollRound(int slot) {
    roundsUnderWay.incrementAndGet();
    try {
      if (!enabled.get()) {
        return false;
      }
      List<Message> batch = collector.next(() -> running.get() && enabled.get());
      if (!batch.isEmpty()) {
        Instant now = Instant.now();
        queueAges.received(queueName(), oldestAge(batch, now), now);
        redelivered.addAndGet(batch.stream().filter(EventSourceMapping::isRedelivery).count());
        if (faults.throttled(batch)) {
          throttle(slot, batch);
        } else {
          deliver(pool.instance(slot), batch);
        }
      }
    } catch (RuntimeException e) {
      if (running.get()) {
        LOG.errorf(e, "event source mapping for %s#%d failed a round", pool.function(), slot);
        sleep(ROUND_FAILURE_BACKOFF_MILLIS);
      }
    } finally {
      roundsUnderWay.decrementAndGet();
    }
    return true;
  }

  private static boolean isRedelivery(Message message) {
    String receives =
        message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    return receives != null && Integer.parseInt(receives) > 1;
  }

  /** The deployed queue's name: an SQS ARN's last part. */
  private String queueName() {
    return queueArn.substring(queueArn.lastIndexOf(':') + 1);
  }

  /** Now minus the earliest SentTimestamp (epoch ms, as SQS stamps each message) of the batch. */
  private static Duration oldestAge(List<Message> batch, Instant now) {
    long oldestSent =
        batch.stream()
            .map(m -> m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
            .filter(Objects::nonNull)
            .mapToLong(Long::parseLong)
            .min()
            .orElse(now.toEpochMilli());
    return Duration.ofMillis(Math.max(0, now.toEpochMilli() - oldestSent));
  }

  /**
   * Refuses the invocation as Lambda's throttling does: the function does not run, and the batch
   * becomes visible again after the retry delay, its receive count already up from this receive.
   */
  private void throttle(int slot, List<Message> batch) {
    LOG.warnf(
        "%s#%d throttled (injected): its batch of %d returns to the queue",
        pool.function(), slot, batch.size());
    settle(batch, batch.stream().map(Message::messageId).collect(Collectors.toSet()));
  }

  /**
   * Invokes the function with the batch and then, when the fault draws pick some of its messages,
   * with those again (SQS's at-least-once delivery: the same message twice before it is deleted); a
   * duplicated message is settled by its second delivery, as SQS honours the newest receive.
   */
  private void deliver(FunctionInstance instance, List<Message> batch) {
    Optional<Set<String>> failed = invoke(instance, batch);
    if (failed.isEmpty()) {
      return;
    }
    List<Message> again = faults.duplicatesOf(batch);
    if (!again.isEmpty()) {
      LOG.warnf(
          "%s#%d gets %d message(s) of its batch again (injected duplicate delivery)",
          pool.function(), instance.slot(), again.size());
      Optional<Set<String>> failedAgain = invoke(instance, again);
      if (failedAgain.isEmpty()) {
        return;
      }
      again.forEach(m -> failed.get().remove(m.messageId()));
      failed.get().addAll(failedAgain.get());
    }
    settle(batch, failed.get());
  }

  /**
   * One invocation; the ids of the messages it failed (all of them when the function errs, crashes
   * or overruns its timeout), or empty when the platform is stopping.
   */
  private Optional<Set<String>> invoke(FunctionInstance instance, List<Message> batch) {
    Set<String> failed = new HashSet<>();
    try {
      byte[] response =
          instance
              .invoke(SqsEventBuilder.event(batch, queueArn), timeoutSeconds * 1000L)
              .get(timeoutSeconds, TimeUnit.SECONDS);
      JsonNode answer = EnvelopeCodec.mapper().readTree(response);
      answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
    } catch (TimeoutException e) {
      LOG.errorf(
          "%s#%d overran its %d s timeout: killed, its batch of %d returns to the queue",
          pool.function(), instance.slot(), timeoutSeconds, batch.size());
      instance.restart("timeout");
      batch.forEach(m -> failed.add(m.messageId()));
    } catch (ExecutionException | IOException e) {
      LOG.errorf(
          "%s#%d failed its batch of %d: %s",
          pool.function(),
          instance.slot(),
          batch.size(),
          e.getCause() == null ? e : e.getCause().getMessage());
      batch.forEach(m -> failed.add(m.messageId()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
      return Optional.empty();
    }
    return Optional.of(failed);
  }

  /** Deletes the successes; the failures become visible again after the retry delay. */
  private void settle(List<Message> batch, Set<String> failed) {
    for (Message m : batch) {
      if (failed.contains(m.messageId())) {
        sqs.changeMessageVisibility(
            r ->
                r.queueUrl(queueUrl)
                    .receiptHandle(m.receiptHandle())
                    .visibilityTimeout(retryDelaySeconds));
      } else {
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
  }

  /** Stops taking new batches; returns at once. */
  public void stop() {
    running.set(false);
  }

  /**
   * Stops polling and waits a little for batches in flight; pollers still busy then are interrupted
   * (the platform kills their processes next), and SQS redelivers their batches after the
   * visibility timeout.
   */
  @Override
  public void close() {
    stop();
    pollers.shutdown();
    try {
      if (!pollers.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
        pollers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pollers.shutdownNow();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
