package dev.iceflow.commit;

import io.smallrye.config.ConfigMapping;

/** How the commit stage retries conflicts and how far back it looks for committed batches. */
@ConfigMapping(prefix = "iceflow.commit")
public interface CommitConfig {

  /** Attempts of one commit (refresh, deduplicate, append) before the messages go back to SQS. */
  int maxAttempts();

  /** Backoff before the second attempt; doubles each time. */
  long initialBackoffMs();

  /** Longest backoff between two attempts. */
  long maxBackoffMs();

  /** Recent snapshots searched for batch ids already committed. */
  int lookbackSnapshots();
}
