package dev.iceflow.testkit.iceberg;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.iceberg.events.CreateSnapshotEvent;
import org.apache.iceberg.events.Listeners;

/**
 * Runs test code inside a commit, in the committing thread: Iceberg announces each snapshot an
 * operation builds on the table as it read it (a CreateSnapshotEvent, also inside a transaction)
 * before the catalog hears of it. Another writer committing from here makes the commit's base
 * stale, which is how a test forces a conflict instead of hoping two threads overlap.
 */
public final class StagedSnapshots {

  private static final Consumer<CreateSnapshotEvent> NOTHING = e -> {};

  /** Iceberg's listeners cannot be removed: one is registered, and this switches what it does. */
  private static final AtomicReference<Consumer<CreateSnapshotEvent>> HOOK =
      new AtomicReference<>(NOTHING);

  static {
    Listeners.register(e -> HOOK.get().accept(e), CreateSnapshotEvent.class);
  }

  private StagedSnapshots() {}

  /**
   * Until the returned hook is closed, calls {@code then} with every staged snapshot that {@code
   * which} selects (every operation in the JVM announces its snapshots here).
   */
  public static Hook whenStaged(
      Predicate<CreateSnapshotEvent> which, Consumer<CreateSnapshotEvent> then) {
    Consumer<CreateSnapshotEvent> hook =
        e -> {
          if (which.test(e)) {
            then.accept(e);
          }
        };
    if (!HOOK.compareAndSet(NOTHING, hook)) {
      throw new IllegalStateException("another hook is set; close it first");
    }
    return () -> HOOK.set(NOTHING);
  }

  /** Removes the hook. */
  @FunctionalInterface
  public interface Hook extends AutoCloseable {
    @Override
    void close();
  }
}
