package dev.iceflow.iceberg;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the commit stage records in each snapshot's summary, atomically with the data: the batch ids
 * it committed (the exactly-once ledger, as the Iceberg Kafka Connect sink does with its offsets),
 * a commit id, and the earliest ingest time of the committed records. Readers (the demo, tests,
 * on-call tools) find them under the same keys.
 */
public final class SnapshotSummaryKeys {

  public static final String BATCH_IDS = "iceflow.batch-ids";
  public static final String COMMIT_ID = "iceflow.commit-id";
  public static final String EARLIEST_INGEST_TIME = "iceflow.earliest-ingest-time";
  public static final String BATCH_ID_SEPARATOR = ",";

  private SnapshotSummaryKeys() {}

  /**
   * The batch ids a snapshot's summary records; none for a snapshot the commit stage did not make.
   */
  public static List<String> batchIds(Map<String, String> summary) {
    String ids = summary.get(BATCH_IDS);
    return ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split(BATCH_ID_SEPARATOR));
  }

  /** Joins batch ids as {@link #BATCH_IDS} holds them. */
  public static String joinBatchIds(List<String> batchIds) {
    return String.join(BATCH_ID_SEPARATOR, batchIds);
  }
}
