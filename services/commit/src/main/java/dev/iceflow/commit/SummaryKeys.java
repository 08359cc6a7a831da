package dev.iceflow.commit;

/**
 * What the commit stage records in each snapshot's summary, atomically with the data: the batch ids
 * it committed (the exactly-once ledger, as the Iceberg Kafka Connect sink does with its offsets),
 * a commit id, and the earliest ingest time of the committed records.
 */
final class SummaryKeys {

  static final String BATCH_IDS = "iceflow.batch-ids";
  static final String COMMIT_ID = "iceflow.commit-id";
  static final String EARLIEST_INGEST_TIME = "iceflow.earliest-ingest-time";
  static final String BATCH_ID_SEPARATOR = ",";

  private SummaryKeys() {}
}
