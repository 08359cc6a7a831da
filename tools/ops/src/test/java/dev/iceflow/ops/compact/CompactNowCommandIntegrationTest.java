package dev.iceflow.ops.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.ScheduleTickV1;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.ops.OpsRun;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@code ops compact now} on the embedded AWS: what it sends to the compaction queue. */
@WithLocalAws
class CompactNowCommandIntegrationTest {

  private static final Clock CLOCK = Clock.systemUTC();

  private static LocalAws aws;
  private static QueueProbe probe;
  private static String compactionQueue;

  @BeforeAll
  static void connect(LocalAws localAws) {
    aws = localAws;
    probe = new QueueProbe(aws.clients().sqs());
    compactionQueue =
        aws.provisioned()
            .queueUrl(
                aws.contracts()
                    .topology()
                    .schedule(Schedules.COMPACTION_SWEEP)
                    .orElseThrow()
                    .queue());
  }

  @Test
  void sendsTheCompactionSweepsTickToTheCompactionQueue_asTheScheduleDoes() {
    probe.drain(compactionQueue);

    OpsRun run =
        OpsRun.execute(
            CLOCK,
            "compact",
            "now",
            "--no-wait",
            "--prefix",
            LocalAws.LOCAL_PREFIX,
            "--endpoint-url",
            aws.endpoint().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Message sent = probe.await(compactionQueue, m -> true, Duration.ofSeconds(30)).orElseThrow();
    // decoding validates it against the message contracts, as compaction's TriggerReader does
    Envelope tick = new EnvelopeCodec(aws.contracts().messages()).decode(sent.body());
    assertThat(tick.messageType()).isEqualTo(MessageType.SCHEDULE_TICK);
    assertThat(tick.dataset()).isEqualTo("*");
    assertThat(tick.payload(ScheduleTickV1.class).schedule()).isEqualTo(Schedules.COMPACTION_SWEEP);
    assertThat(run.out()).contains(tick.id());
  }
}
