package dev.iceflow.compaction;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How much work one invocation takes on, sized to the function topology.json declares (2048 MB, 600
 * s timeout). A file group is streamed row by row through one Parquet writer, so memory holds about
 * one row group whatever the group's size; time is what grows with it.
 */
@ConfigMapping(prefix = "iceflow.compaction")
public interface CompactionConfig {

  /**
   * Largest file group Iceberg's planner forms, in MiB (its max-file-group-size-bytes). At the
   * assumed {@link #rewriteMibPerSecond()} a 1 GiB group takes under 6 minutes: it fits one
   * 10-minute invocation with room for planning and the commit.
   */
  @WithDefault("1024")
  long maxFileGroupSizeMib();

  /**
   * Rewritten groups committed together in one snapshot (partial progress, like Spark's
   * partial-progress.max-commits): a sweep of a day-partitioned table rewrites a group per day, and
   * a snapshot per group would bloat every later metadata file; a run cut short still keeps what it
   * committed.
   */
  @WithDefault("25")
  int groupsPerCommit();

  /**
   * Compressed Parquet bytes per second (in MiB) one group's read and rewrite is assumed to take
   * (Iceberg's generic Parquet reader and writer on one thread): a group is started only when its
   * input size at this rate fits in the time left. bin/bench compaction measured 3.6 MiB/s on
   * flights (zstd, 19 columns); 3 keeps a margin.
   */
  @WithDefault("3")
  long rewriteMibPerSecond();

  /**
   * Time kept back at the end of an invocation for what follows the last group: the manifest
   * rewrite, expiry, orphan removal and the announcement.
   */
  @WithDefault("PT60S")
  Duration finishReserve();

  /**
   * The time one invocation may take when the Lambda context gives no deadline (Quarkus' mock event
   * server, a direct call): the function's 600 s timeout less a margin.
   */
  @WithDefault("PT9M")
  Duration budgetWithoutDeadline();

  /**
   * Lists orphan files without deleting them (environment: ICEFLOW_COMPACTION_ORPHAN_DRY_RUN), for
   * a first rollout on a table whose location other writers share.
   */
  @WithDefault("false")
  boolean orphanDryRun();

  /**
   * Days a ledger entry that expiry settles is kept after its last write (DynamoDB TTL): the same
   * as the commit stage's iceflow.commit.ledger-ttl-days, which wrote it.
   */
  @WithDefault("90")
  int ledgerTtlDays();

  default long maxFileGroupSizeBytes() {
    return maxFileGroupSizeMib() << 20;
  }

  default long rewriteBytesPerSecond() {
    return rewriteMibPerSecond() << 20;
  }
}
