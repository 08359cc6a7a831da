package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.EventSourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Gathers one batch the way Lambda's SQS poller does: long-polls until a message arrives, then
 * keeps receiving until the batch is full or the batching window has passed
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html). SQS hands out at most
 * 10 messages per receive; for a FIFO queue it withholds a message group while earlier messages of
 * that group are in flight, which is what keeps each group in order across concurrent instances.
 *
 * <p>moto computes the in-flight groups once per ReceiveMessage call, before its long-poll wait, so
 * two concurrent long polls can each take a message of the same group. The pollers of a FIFO queue
 * therefore take turns to receive (SQS itself needs no such care).
 */
final class BatchCollector {

  static final int MAX_PER_RECEIVE = 10;
  private static final String FIFO_SUFFIX = ".fifo";

  /** Long poll while the batch is empty: short enough that pause and shutdown answer quickly. */
  private static final int IDLE_WAIT_SECONDS = 2;

  /**
   * SQS's longest long poll: a batching window beyond it (compaction's 30 s) is waited out in
   * several receives, as Lambda's poller does; asking for more fails the receive.
   */
  static final int MAX_LONG_POLL_SECONDS = 20;

  private final SqsClient sqs;
  private final String queueUrl;
  private final int batchSize;
  private final long windowMillis;
  private final ReentrantLock fifoReceiveTurn;

  BatchCollector(SqsClient sqs, String queueUrl, EventSourceSpec spec) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.batchSize = Math.max(1, spec.batchSize());
    this.windowMillis = spec.maximumBatchingWindowSeconds() * 1000L;
    this.fifoReceiveTurn = queueUrl.endsWith(FIFO_SUFFIX) ? new ReentrantLock(true) : null;
  }

  /** The next batch; empty when nothing arrived or {@code keepGoing} turned false. */
  List<Message> next(BooleanSupplier keepGoing) {
    List<Message> batch = new ArrayList<>();
    long windowEnds = Long.MAX_VALUE;
    while (batch.size() < batchSize && keepGoing.getAsBoolean()) {
      long left = windowEnds - System.currentTimeMillis();
      int wait =
          batch.isEmpty()
              ? IDLE_WAIT_SECONDS
              : (int) Math.min(MAX_LONG_POLL_SECONDS, Math.max(0, left / 1000));
      List<Message> received = receive(Math.min(MAX_PER_RECEIVE, batchSize - batch.size()), wait);
      if (batch.isEmpty() && !received.isEmpty()) {
        windowEnds = System.currentTimeMillis() + windowMillis;
      }
      batch.addAll(received);
      if (batch.isEmpty()) {
        return batch;
      }
      if (received.isEmpty() || System.currentTimeMillis() >= windowEnds) {
        break;
      }
    }
    return batch;
  }

  private List<Message> receive(int max, int waitSeconds) {
    if (fifoReceiveTurn == null) {
      return receiveNow(max, waitSeconds);
    }
    fifoReceiveTurn.lock();
    try {
      return receiveNow(max, waitSeconds);
    } finally {
      fifoReceiveTurn.unlock();
    }
  }

  private List<Message> receiveNow(int max, int waitSeconds) {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(queueUrl)
                    .maxNumberOfMessages(max)
                    .waitTimeSeconds(waitSeconds)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }
}
