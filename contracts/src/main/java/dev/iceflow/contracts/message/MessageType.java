package dev.iceflow.contracts.message;

import java.util.Arrays;
import java.util.Optional;

/** Every event type the pipeline publishes, by its wire name (the envelope's {@code type}). */
public enum MessageType {
  INGEST_BATCH("ingest.batch"),
  BATCH_VALIDATED("batch.validated"),
  RECORDS_REJECTED("records.rejected"),
  DATAFILES_STAGED("datafiles.staged"),
  TABLE_COMMITTED("table.committed"),
  TABLE_COMPACTED("table.compacted"),
  COST_ALERT("cost.alert"),
  PIPELINE_CONTROL("pipeline.control"),
  SCHEDULE_TICK("schedule.tick");

  private final String wireName;

  MessageType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<MessageType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
