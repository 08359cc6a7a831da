package dev.iceflow.common.quarantine;

import java.util.List;

/** The records one stage rejected from one batch, and what the batch held. */
public record RejectedBatch(
    String batchId,
    String dataset,
    String contractVersion,
    int inputRecords,
    List<QuarantinedRecord> records) {

  public RejectedBatch {
    records = List.copyOf(records);
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }
}
