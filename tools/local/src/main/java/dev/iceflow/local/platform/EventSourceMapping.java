package dev.iceflow.local.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.topology.EventSourceSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does for one function: long-polls the queue for up to a
 * batch (within the batching window), invokes the function, and deletes only the messages it did
 * not report as failed (ReportBatchItemFailures). Failed messages return to the queue and, after
 * maxReceiveCount receives, SQS moves them to the DLQ. A function that errors or overruns its
 * timeout fails the whole batch (and, past the timeout, is restarted by the platform). It can be
 * disabled and enabled at run time: the pause the ops CLI and cost-guard use.
 */
public final class EventSourceMapping implements Runnable {

  private static final Logger LOG = Logger.getLogger(EventSourceMapping.class);
  private static final int MAX_LONG_POLL_SECONDS = 20;

  private final String function;
  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;
  private final EventSourceSpec spec;
  private final int timeoutSeconds;
  private final int retryDelaySeconds;
  private final FunctionInstance instance;
  private final AtomicBoolean enabled = new AtomicBoolean(true);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong invocations = new AtomicLong();

  /**
   * @param retryDelaySeconds how soon a failed message is visible again. AWS waits the queue's
   *     visibility timeout; locally a short delay keeps retries (and the DLQ) within a test's time.
   */
  public EventSourceMapping(
      String function,
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      EventSourceSpec spec,
      int timeoutSeconds,
      int retryDelaySeconds,
      FunctionInstance instance) {
    this.function = function;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
    this.spec = spec;
    this.timeoutSeconds = timeoutSeconds;
    this.retryDelaySeconds = retryDelaySeconds;
    this.instance = instance;
  }

  public void setEnabled(boolean on) {
    enabled.set(on);
    LOG.infof("event source mapping %s -> %s %s", queueArn, function, on ? "enabled" : "disabled");
  }

  public boolean isEnabled() {
    return enabled.get();
  }

  public long invocations() {
    return invocations.get();
  }

  public void stop() {
    running.set(false);
  }

  @Override
  public void run() {
    while (running.get()) {
      if (!enabled.get()) {
        sleep(200);
        continue;
      }
      try {
        List<Message> batch = receive();
        if (!batch.isEmpty()) {
          deliver(batch);
        }
      } catch (RuntimeException e) {
        if (running.get()) {
          LOG.errorf(e, "event source mapping for %s failed a round; retrying", function);
          sleep(1000);
        }
      }
    }
  }

  private List<Message> receive() {
    int wait = Math.min(MAX_LONG_POLL_SECONDS, Math.max(1, spec.maximumBatchingWindowSeconds()));
    return sqs.receiveMessage(
            r ->
                r.queueUrl(queueUrl)
                    .maxNumberOfMessages(Math.min(10, spec.batchSize()))
                    .waitTimeSeconds(wait)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  private void deliver(List<Message> batch) {
    invocations.incrementAndGet();
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
          "%s overran its %d s timeout: killed, its batch of %d returns to the queue",
          function, timeoutSeconds, batch.size());
      instance.restart("timeout");
      batch.forEach(m -> failed.add(m.messageId()));
    } catch (ExecutionException | java.io.IOException e) {
      LOG.errorf(
          "%s failed its batch of %d: %s",
          function, batch.size(), e.getCause() == null ? e : e.getCause().getMessage());
      batch.forEach(m -> failed.add(m.messageId()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
      return;
    }
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
