package dev.iceflow.local.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.topology.ScheduleSpec;
import dev.iceflow.local.emulator.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The topology's schedules as local timers: each sends a schedule.tick to its queue at its rate,
 * first one rate after start, as an EventBridge rule with a rate expression does in AWS.
 */
public final class ScheduleTimers implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ScheduleTimers.class);
  static final String SOURCE = "urn:iceflow:local-platform";

  private final LocalAws aws;
  private final SqsClient sqs;
  private final EnvelopeCodec codec;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong ticks = new AtomicLong();

  private ScheduleTimers(LocalAws aws, SqsClient sqs) {
    this.aws = aws;
    this.sqs = sqs;
    this.codec = new EnvelopeCodec(aws.contracts().messages());
  }

  /** Fires every schedule at its own rate. */
  public static ScheduleTimers start(LocalAws aws, SqsClient sqs, List<ScheduleSpec> schedules) {
    return start(aws, sqs, schedules, null);
  }

  /**
   * @param rateOverride fires every schedule at this rate instead of its own (null: its own), so a
   *     test need not wait minutes for a tick
   */
  public static ScheduleTimers start(
      LocalAws aws, SqsClient sqs, List<ScheduleSpec> schedules, Duration rateOverride) {
    ScheduleTimers timers = new ScheduleTimers(aws, sqs);
    for (ScheduleSpec schedule : schedules) {
      long period =
          rateOverride != null
              ? rateOverride.toMillis()
              : Duration.ofMinutes(schedule.rateMinutes()).toMillis();
      timers.timer.scheduleAtFixedRate(
          () -> timers.fire(schedule), period, period, TimeUnit.MILLISECONDS);
    }
    return timers;
  }

  public long ticks() {
    return ticks.get();
  }

  /** Sends one tick of {@code name} now; fails when the topology has no such schedule. */
  void fireNow(String name) {
    ScheduleSpec schedule =
        aws.contracts()
            .topology()
            .schedule(name)
            .orElseThrow(
                () -> new IllegalArgumentException("no schedule " + name + " in topology"));
    send(schedule);
  }

  /** Sends one tick now; a failure is logged and the timer keeps its rate. */
  void fire(ScheduleSpec schedule) {
    try {
      send(schedule);
    } catch (RuntimeException e) {
      LOG.errorf(e, "schedule %s could not send its tick to %s", schedule.name(), schedule.queue());
    }
  }

  private void send(ScheduleSpec schedule) {
    String queueUrl = aws.provisioned().queueUrl(schedule.queue());
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(codec.encode(tick(schedule))));
    ticks.incrementAndGet();
  }

  Envelope tick(ScheduleSpec schedule) {
    Instant firedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String id = "schedule.%s.%s".formatted(schedule.name(), firedAt);
    ObjectNode data =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("schedule", schedule.name())
            .put("rateMinutes", schedule.rateMinutes())
            .put("firedAt", firedAt.toString());
    return Envelope.originating(
        id,
        MessageType.SCHEDULE_TICK,
        codec.currentVersion(MessageType.SCHEDULE_TICK),
        SOURCE,
        Instant.now(),
        "*",
        id,
        data);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
