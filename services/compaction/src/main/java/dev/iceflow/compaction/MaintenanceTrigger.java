package dev.iceflow.compaction;

import dev.iceflow.contracts.message.payload.TableCompactedV1;

/** What started a maintenance run, and what each kind of run does. */
public enum MaintenanceTrigger {

  /** A commit landed: bin-pack and rewrite manifests, unless the table was maintained recently. */
  COMMITTED(TableCompactedV1.TRIGGER_COMMITTED),

  /**
   * The compaction-sweep schedule: every table, always, with snapshot expiry and orphan removal.
   */
  SCHEDULE(TableCompactedV1.TRIGGER_SCHEDULE);

  private final String wireName;

  MaintenanceTrigger(String wireName) {
    this.wireName = wireName;
  }

  /** As table.compacted's {@code trigger} names it. */
  public String wireName() {
    return wireName;
  }

  /** Only a commit-triggered run waits out the debounce: the schedule always runs. */
  public boolean debounced() {
    return this == COMMITTED;
  }

  /** Expiry and orphan removal: hourly is often enough, and they list the whole table. */
  public boolean expiresAndSweeps() {
    return this == SCHEDULE;
  }
}
