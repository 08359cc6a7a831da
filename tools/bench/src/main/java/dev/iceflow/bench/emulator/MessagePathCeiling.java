package dev.iceflow.bench.emulator;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.MessageAttributeNames;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.emulator.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local message path's ceiling with no pipeline code: one pre-encoded ingest.batch (a real
 * batch of flights, with the routing attributes the pipeline's publisher sets) published to the
 * ingest topic as fast as the publisher threads can, while a consumer receives (10 at a time, as a
 * mapping polls) and deletes in batches from the validation queue the topic's subscription delivers
 * to. Needs that queue to itself: run it before any function consumes it.
 */
public final class MessagePathCeiling {

  private static final String INGEST_QUEUE = "validation-ingest";
  private static final int RECEIVE_MAX = 10;
  private static final String STRING_TYPE = "String";
  private static final int RECEIVE_WAIT_SECONDS = 1;
  private static final Duration DRAIN_WITHIN = Duration.ofSeconds(30);
  private static final long DRAIN_POLL_MILLIS = 100;

  /** Published and delivered in the measured window. */
  public record Rates(
      long published, long delivered, double seconds, int recordsPerMessage, int bodyBytes) {

    public double publishedPerSecond() {
      return published / seconds;
    }

    public double deliveredPerSecond() {
      return delivered / seconds;
    }

    public double deliveredRecordsPerSecond() {
      return deliveredPerSecond() * recordsPerMessage;
    }
  }

  private MessagePathCeiling() {}

  /** Publishes {@code batch} for {@code window} from {@code publishers} threads and counts. */
  public static Rates measure(
      LocalAws aws, Envelope batch, int recordsPerMessage, int publishers, Duration window)
      throws Exception {
    String body = new EnvelopeCodec(aws.contracts().messages()).encode(batch);
    PublishRequest request =
        PublishRequest.builder()
            .topicArn(aws.provisioned().topicArn(Topics.INGEST))
            .message(body)
            .messageAttributes(attributes(batch))
            .build();
    String queueUrl = aws.provisioned().queueUrl(INGEST_QUEUE);
    AtomicBoolean publishing = new AtomicBoolean(true);
    AtomicBoolean consuming = new AtomicBoolean(true);
    AtomicLong published = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(publishers + 1);
    try (SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs()) {
      List<Future<?>> work = new ArrayList<>();
      Future<?> consumer = threads.submit(() -> consume(sqs, queueUrl, consuming, delivered));
      long start = System.nanoTime();
      for (int i = 0; i < publishers; i++) {
        work.add(
            threads.submit(
                () -> {
                  while (publishing.get()) {
                    sns.publish(request);
                    published.incrementAndGet();
                  }
                  return null;
                }));
      }
      Thread.sleep(window.toMillis());
      long publishedInWindow = published.get();
      long deliveredInWindow = delivered.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      publishing.set(false);
      for (Future<?> publisher : work) {
        publisher.get();
      }
      // the rest of what was published is taken off too: the queue is left as it was found
      long drainUntil = System.nanoTime() + DRAIN_WITHIN.toNanos();
      while (delivered.get() < published.get() && System.nanoTime() < drainUntil) {
        Thread.sleep(DRAIN_POLL_MILLIS);
      }
      consuming.set(false);
      consumer.get();
      return new Rates(
          publishedInWindow, deliveredInWindow, seconds, recordsPerMessage, body.length());
    } finally {
      threads.shutdownNow();
    }
  }

  private static Void consume(
      SqsClient sqs, String queueUrl, AtomicBoolean consuming, AtomicLong delivered) {
    while (consuming.get()) {
      List<Message> messages =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(RECEIVE_MAX)
                          .waitTimeSeconds(RECEIVE_WAIT_SECONDS))
              .messages();
      if (messages.isEmpty()) {
        continue;
      }
      List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
      for (Message m : messages) {
        deletes.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(deletes.size()))
                .receiptHandle(m.receiptHandle())
                .build());
      }
      sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(deletes));
      delivered.addAndGet(messages.size());
    }
    return null;
  }

  /** The routing attributes the pipeline's publisher sets (EventPublisher). */
  private static Map<String, MessageAttributeValue> attributes(Envelope envelope) {
    return Map.of(
        MessageAttributeNames.TYPE, text(envelope.type()),
        MessageAttributeNames.VERSION, text(envelope.version()),
        MessageAttributeNames.DATASET, text(envelope.dataset()),
        MessageAttributeNames.CORRELATION_ID, text(envelope.correlationId()));
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType(STRING_TYPE).stringValue(value).build();
  }
}
