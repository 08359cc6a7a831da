package dev.iceflow.bench.steady;

import dev.iceflow.bench.IngestBatchSource;
import dev.iceflow.common.messaging.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes ingest batches on a fixed schedule, not as a burst: batch {@code i} of a level is due
 * at {@code start + i * batchSize / rate}. A few threads publish, so one slow Publish call does not
 * hold the next batch; a batch published after its slot records how late it was.
 */
final class PacedPublisher implements AutoCloseable {

  private static final String TOPIC = "ingest";

  private final EventPublisher publisher;
  private final IngestBatchSource batches;
  private final String runId;
  private final ScheduledExecutorService threads;
  private long sequence;

  PacedPublisher(EventPublisher publisher, IngestBatchSource batches, String runId, int threads) {
    this.publisher = publisher;
    this.batches = batches;
    this.runId = runId;
    this.threads = Executors.newScheduledThreadPool(threads);
  }

  /**
   * Publishes at {@code recordsPerSecond} for {@code duration}; returns once every batch is out.
   */
  List<PublishedBatch> run(int recordsPerSecond, Duration duration) throws Exception {
    double intervalNanos = 1e9 * batches.batchSize() / recordsPerSecond;
    long count = Math.max(1, Math.round(duration.toNanos() / intervalNanos));
    List<PublishedBatch> published = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> scheduled = new ArrayList<>();
    long start = System.nanoTime();
    for (long i = 0; i < count; i++) {
      long due = start + Math.round(i * intervalNanos);
      long seq = sequence++;
      String batchId = "%s-%d-%06d".formatted(runId, recordsPerSecond, seq);
      scheduled.add(
          threads.schedule(
              () -> {
                long late = Math.max(0, System.nanoTime() - due) / 1_000_000;
                Instant at = Instant.now();
                publisher.publish(TOPIC, batches.batch(batchId, seq, at));
                published.add(
                    new PublishedBatch(
                        batchId, recordsPerSecond, at.toEpochMilli(), batches.batchSize(), late));
                return null;
              },
              due - System.nanoTime(),
              TimeUnit.NANOSECONDS));
    }
    for (Future<?> f : scheduled) {
      f.get();
    }
    return List.copyOf(published);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
