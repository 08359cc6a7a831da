package dev.iceflow.compaction;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.lambda.UnprocessableMessageException;
import dev.iceflow.common.messaging.SqsBody;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.ScheduleTickV1;
import dev.iceflow.contracts.message.payload.TableCommittedV1;
import dev.iceflow.contracts.topology.Schedules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * Reads a message of the compaction queue into the runs it asks for: a table.committed asks for one
 * on its table, the compaction-sweep tick for one on every dataset's table. Anything else can never
 * succeed and is refused with the reason (it is parked, not dropped).
 */
@ApplicationScoped
public class TriggerReader {

  /** Hex digits of a tick id's digest in an announcement id (64 bits: no collision in practice). */
  private static final int TICK_KEY_HEX_DIGITS = 16;

  private final EnvelopeCodec codec;
  private final Contracts contracts;

  @Inject
  public TriggerReader(EnvelopeCodec codec, Contracts contracts) {
    this.codec = codec;
    this.contracts = contracts;
  }

  List<MaintenanceRequest> read(SQSMessage message) {
    Envelope envelope = codec.decode(SqsBody.unwrap(message.getBody()));
    MessageType type = envelope.messageType();
    if (type == MessageType.TABLE_COMMITTED) {
      return List.of(committed(message.getMessageId(), envelope));
    }
    if (type == MessageType.SCHEDULE_TICK) {
      return tick(message.getMessageId(), envelope);
    }
    throw new UnprocessableMessageException(
        "compaction consumes table.committed and schedule.tick, not %s (message %s)"
            .formatted(envelope.type(), envelope.id()));
  }

  private MaintenanceRequest committed(String messageId, Envelope envelope) {
    TableCommittedV1 committed = envelope.payload(TableCommittedV1.class);
    DataContract contract = contracts.requireDataset(envelope.dataset());
    String table = committed.table().qualifiedName();
    if (!table.equals(contract.table().qualifiedName())) {
      throw new UnprocessableMessageException(
          "table.committed %s names table %s, but dataset '%s' lands in %s"
              .formatted(
                  envelope.id(), table, envelope.dataset(), contract.table().qualifiedName()));
    }
    return new MaintenanceRequest(
        contract,
        MaintenanceTrigger.COMMITTED,
        envelope,
        "after-" + committed.snapshotId(),
        committed.sequenceNumber(),
        Set.of(messageId));
  }

  private List<MaintenanceRequest> tick(String messageId, Envelope envelope) {
    ScheduleTickV1 tick = envelope.payload(ScheduleTickV1.class);
    if (!Schedules.COMPACTION_SWEEP.equals(tick.schedule())) {
      throw new UnprocessableMessageException(
          "compaction runs on the %s schedule, not on %s (message %s)"
              .formatted(Schedules.COMPACTION_SWEEP, tick.schedule(), envelope.id()));
    }
    String causeKey = "tick-" + Sha256.hex(envelope.id()).substring(0, TICK_KEY_HEX_DIGITS);
    return contracts.datasets().values().stream()
        .map(
            contract ->
                new MaintenanceRequest(
                    contract,
                    MaintenanceTrigger.SCHEDULE,
                    envelope,
                    causeKey,
                    0,
                    Set.of(messageId)))
        .toList();
  }
}
