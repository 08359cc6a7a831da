package dev.iceflow.commit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the commit stage retries conflicts and how far back it looks for committed batches. */
@ConfigMapping(prefix = "iceflow.commit")
public interface CommitConfig {

  /**
   * Attempts of one commit (refresh, deduplicate, append) before the messages go back to SQS
   * (environment: ICEFLOW_COMMIT_MAX_ATTEMPTS).
   */
  @WithDefault("6")
  int maxAttempts();

  /** Backoff before the second attempt; doubles each time. */
  @WithDefault("200")
  long initialBackoffMs();

  /** Longest backoff between two attempts. */
  @WithDefault("10000")
  long maxBackoffMs();

  /**
   * Days a ledger entry is kept after its last write (DynamoDB TTL): longer than SQS retention plus
   * DLQ retention, so a batch redelivered from a DLQ at the end of its retention is still known.
   */
  @WithDefault("90")
  int ledgerTtlDays();

  /**
   * Recent snapshots whose summaries are searched for batch ids already committed: a second guard
   * behind the ledger, for batches committed before the ledger existed.
   */
  @WithDefault("200")
  int lookbackSnapshots();

  /**
   * Whether the function warms up at init (Lambda's init phase, before its first batch): loads each
   * dataset's table that exists and reads its lookback window's manifests, reaches the ledger, and
   * rehearses a commit on an in-memory table, writing nothing (environment:
   * ICEFLOW_COMMIT_WARM_UP_AT_INIT).
   */
  @WithDefault("true")
  boolean warmUpAtInit();

  /**
   * How long the init warm-up may take before it leaves the remaining datasets and the rehearsal to
   * the first commit: Lambda's init phase is limited to 10 s and, when it runs over, is run again
   * during the first invocation, so a warm-up that overran would be paid twice. Checked between
   * datasets (one table's lookback read is not cut short).
   */
  @WithDefault("PT5S")
  Duration warmUpBudget();
}
