package dev.iceflow.ops.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A table's last snapshot and how long ago the commit stage last committed to it, or why it could
 * not be read.
 *
 * @param lastCommitAt the newest snapshot in the current history that the commit stage made (it
 *     records batch ids); compaction's rewrites add no data, so they do not make a table fresher
 */
public record TableFreshness(
    String dataset,
    String table,
    Optional<Long> snapshotId,
    Optional<Instant> snapshotAt,
    Optional<Instant> lastCommitAt,
    Optional<String> unreadable) {

  static TableFreshness unreadable(String dataset, String table, String why) {
    return new TableFreshness(
        dataset, table, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(why));
  }

  /** Now minus the last commit; empty when the commit stage has not committed to it. */
  public Optional<Duration> freshness(Instant now) {
    return lastCommitAt.map(at -> Duration.between(at, now));
  }
}
