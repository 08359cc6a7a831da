package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.topology.EventSourceSpec;
import dev.iceflow.contracts.topology.ScheduleSpec;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The platform's schedule timers and batch gathering against the embedded SQS. */
@WithLocalAws
class PlatformTimersAndBatchingIntegrationTest {

  @Test
  void aScheduleSendsAValidScheduleTickToItsQueue(LocalAws aws) throws Exception {
    ScheduleSpec sweep =
        aws.contracts().topology().schedules().stream()
            .filter(s -> s.name().equals("compaction-sweep"))
            .findFirst()
            .orElseThrow();
    String queueUrl = aws.provisioned().queueUrl(sweep.queue());
    try (SqsClient sqs = aws.clients().sqs()) {
      drain(sqs, queueUrl);
      try (ScheduleTimers timers =
          ScheduleTimers.start(aws, sqs, List.of(sweep), Duration.ofMillis(300))) {
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < 20 && received.isEmpty(); i++) {
          received.addAll(
              sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages());
        }
        assertThat(received).isNotEmpty();
        Envelope tick =
            new EnvelopeCodec(aws.contracts().messages()).decode(received.get(0).body());
        assertThat(tick.messageType()).isEqualTo(MessageType.SCHEDULE_TICK);
        assertThat(tick.data().get("schedule").asText()).isEqualTo("compaction-sweep");
        assertThat(tick.data().get("rateMinutes").asInt()).isEqualTo(sweep.rateMinutes());
        assertThat(timers.ticks()).isPositive();
      }
    }
  }

  @Test
  void aBatchGathersAcrossReceivesUpToItsSizeWithinTheBatchingWindow(LocalAws aws) {
    String queueUrl = aws.provisioned().queueUrl("cost-guard");
    try (SqsClient sqs = aws.clients().sqs()) {
      drain(sqs, queueUrl);
      for (int i = 0; i < 25; i++) {
        int n = i;
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"n\":" + n + "}"));
      }
      BatchCollector collector =
          new BatchCollector(sqs, queueUrl, new EventSourceSpec("cost-guard", 20, 3, 1, true));

      List<Message> first = collector.next(() -> true);
      List<Message> second = collector.next(() -> true);

      assertThat(first).as("more than one receive's 10 messages").hasSize(20);
      assertThat(second).as("what was left, once the window closed").hasSize(5);
    }
  }

  @Test
  void aBatchingWindowLongerThanSqsLongestPollStillGathersABatch(LocalAws aws) {
    // compaction's window is 30 s; SQS refuses a long poll over 20 s, and a refused receive would
    // leave the messages already taken invisible for the queue's visibility timeout (an hour)
    String queueUrl = aws.provisioned().queueUrl("compaction");
    try (SqsClient sqs = aws.clients().sqs()) {
      new QueueProbe(sqs).drain(queueUrl); // the other tests purge it (once a minute)
      for (int i = 0; i < 15; i++) {
        int n = i;
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"n\":" + n + "}"));
      }
      BatchCollector collector =
          new BatchCollector(sqs, queueUrl, new EventSourceSpec("compaction", 15, 30, 1, true));

      assertThat(collector.next(() -> true)).as("two receives within the window").hasSize(15);
    }
  }

  @Test
  void aBatchStoppedInsideItsWindowKeepsWhatItGathered(LocalAws aws) {
    // a mapping disabled (or a platform stopped) while its window is open: the messages already
    // received are handed on, not left invisible for the queue's visibility timeout
    String queueUrl = aws.provisioned().queueUrl("compaction");
    try (SqsClient sqs = aws.clients().sqs()) {
      new QueueProbe(sqs).drain(queueUrl);
      sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"n\":1}"));
      BatchCollector collector =
          new BatchCollector(sqs, queueUrl, new EventSourceSpec("compaction", 10, 30, 1, true));
      AtomicInteger looks = new AtomicInteger();

      List<Message> batch = collector.next(() -> looks.incrementAndGet() == 1);

      assertThat(batch).as("the message received before the stop").hasSize(1);
      assertThat(looks).as("stopped at the first look inside the window").hasValue(2);
    }
  }

  private static void drain(SqsClient sqs, String queueUrl) {
    sqs.purgeQueue(r -> r.queueUrl(queueUrl));
  }
}
