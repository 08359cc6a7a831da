package dev.iceflow.commit;

import dev.iceflow.iceberg.SnapshotSummaryKeys;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.events.CreateSnapshotEvent;
import org.apache.iceberg.events.Listeners;

/**
 * Counts the commit conflicts of one commit id: Iceberg builds the commit's snapshot once per
 * attempt and announces each build (a CreateSnapshotEvent, in the committing thread, its summary
 * naming our commit id) before the catalog hears of it. A build is rebuilt only when another writer
 * moved the table under it, i.e. it lost the race for the metadata pointer: Iceberg saw a newer
 * version when it refreshed before committing, or the catalog refused it (a CommitFailedException
 * retried by Iceberg inside the transaction, commit.retry.num-retries, which it reports nowhere
 * else, or by CommitService once Iceberg's retries ran out). So every build but the one that landed
 * is a conflict. A retry after an unknown commit state rebuilds too and is counted with them: it is
 * as rare as it is worth a look.
 */
final class CommitAttempts implements AutoCloseable {

  private static final Map<String, AtomicInteger> BUILDS = new ConcurrentHashMap<>();

  static {
    // Iceberg's listeners cannot be removed: one for the JVM, switched by the commit ids tracked
    Listeners.register(CommitAttempts::built, CreateSnapshotEvent.class);
  }

  private final String commitId;
  private final AtomicInteger builds = new AtomicInteger();

  private CommitAttempts(String commitId) {
    this.commitId = commitId;
  }

  /** Counts the snapshots built for {@code commitId} until closed. */
  static CommitAttempts track(String commitId) {
    CommitAttempts attempts = new CommitAttempts(commitId);
    BUILDS.put(commitId, attempts.builds);
    return attempts;
  }

  /**
   * The attempts the catalog refused: every build but the last, and the last too when the commit
   * gave up on a conflict ({@code lastRefused}: retries ran out on a CommitFailedException).
   */
  int conflicts(boolean lastRefused) {
    return Math.max(0, lastRefused ? builds.get() : builds.get() - 1);
  }

  @Override
  public void close() {
    BUILDS.remove(commitId);
  }

  private static void built(CreateSnapshotEvent event) {
    String commitId = event.summary().get(SnapshotSummaryKeys.COMMIT_ID);
    AtomicInteger builds = commitId == null ? null : BUILDS.get(commitId);
    if (builds != null) {
      builds.incrementAndGet();
    }
  }
}
