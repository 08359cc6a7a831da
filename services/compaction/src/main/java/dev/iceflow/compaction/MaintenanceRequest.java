package dev.iceflow.compaction;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.contracts.dataset.DataContract;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A run one or more messages of a batch ask for on one table: the messages that go back if it
 * fails, and the message it is announced as caused by.
 *
 * @param causeKey what the announcement's id derives from (a redelivered cause gives the same id)
 * @param causeOrder which of two causes of one trigger is the newer (a snapshot's sequence number)
 */
record MaintenanceRequest(
    DataContract contract,
    MaintenanceTrigger trigger,
    Envelope cause,
    String causeKey,
    long causeOrder,
    Set<String> messageIds) {

  MaintenanceRequest {
    messageIds = Set.copyOf(messageIds);
  }

  String qualifiedTable() {
    return contract.table().qualifiedName();
  }

  /**
   * Two requests for one table as one run: the schedule's when either is scheduled (it does more),
   * else the newest commit's; the messages of both.
   */
  MaintenanceRequest merge(MaintenanceRequest other) {
    boolean otherLeads =
        other.trigger.expiresAndSweeps() != trigger.expiresAndSweeps()
            ? other.trigger.expiresAndSweeps()
            : other.causeOrder > causeOrder;
    MaintenanceRequest lead = otherLeads ? other : this;
    Set<String> both = new LinkedHashSet<>(messageIds);
    both.addAll(other.messageIds);
    return new MaintenanceRequest(
        lead.contract, lead.trigger, lead.cause, lead.causeKey, lead.causeOrder, both);
  }
}
