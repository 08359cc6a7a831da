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

  /**
   * Each receive's long poll, while the batch is empty and while a batching window is waited out
   * (compaction's is 30 s): {@code keepGoing} is read between receives, so a disable or a shutdown
   * takes effect within this, not after a window. A message a receive returns is never dropped: the
   * batch it joins is delivered, as a round under way when its mapping was disabled is.
   */
  static final int RECEIVE_WAIT_SECONDS = 2;

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
      boolean gathering = !batch.isEmpty();
      long left = windowEnds - System.currentTimeMillis();
      int wait = gathering ? waitWithin(left) : RECEIVE_WAIT_SECONDS;
      List<Message> received = receive(Math.min(MAX_PER_RECEIVE, batchSize - batch.size()), wait);
      if (!gathering && !received.isEmpty()) {
        windowEnds = System.currentTimeMillis() + windowMillis;
      }
      batch.addAll(received);
      if (batch.isEmpty()) {
        return batch;
      }
      boolean waitedOutTheWindow = gathering && received.isEmpty() && wait * 1000L >= left;
      if (waitedOutTheWindow || System.currentTimeMillis() >= windowEnds) {
        break;
      }
    }
    return batch;
  }

  /**
   * The next receive's wait while the window is open: what is left of it, in whole seconds rounded
   * up (a receive waits whole seconds; rounding down would spin short polls in its last second).
   */
  private static int waitWithin(long windowLeftMillis) {
    return (int) Math.min(RECEIVE_WAIT_SECONDS, (Math.max(0, windowLeftMillis) + 999) / 1000);
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
