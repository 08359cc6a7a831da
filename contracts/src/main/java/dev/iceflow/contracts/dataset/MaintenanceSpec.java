package dev.iceflow.contracts.dataset;

import java.time.Duration;
import java.util.Optional;

/**
 * How a dataset's table is kept fast and small ({@code maintenance} in its data contract): who
 * maintains it, when small files are bin-packed and into what size, when manifests are rewritten,
 * how long snapshots are kept and how old an unreferenced file must be before it is deleted. Every
 * field is optional; {@link #DEFAULTS} fills what a contract leaves out.
 *
 * @param description why the numbers are what they are, for the dataset's owners
 * @param mode {@code lambda} (the compaction function maintains the table) or {@code
 *     glue-optimizer} (AWS Glue's table optimizers do, wired by Terraform; the function only
 *     watches and reports)
 * @param targetFileSizeBytes size the rewrite aims for (1 MiB to 512 MiB; default 128 MiB)
 * @param minInputFiles a partition is rewritten once it holds at least this many files that are too
 *     small or too large (default 10)
 * @param manifestRewriteThreshold manifests are rewritten once the current snapshot has more than
 *     this many data manifests (default 20)
 * @param snapshotRetentionHours snapshots older than this are expired (default 168: a week of time
 *     travel)
 * @param minSnapshotsToKeep the newest snapshots kept whatever their age (default 50)
 * @param orphanSafetyWindowHours files no snapshot references are deleted only when older than
 *     this. It can only lengthen the window the topology requires (the longest a staged batch can
 *     wait for its commit), never shorten it.
 * @param debounceSeconds table.committed messages for a table within this long start one run
 *     (default 300)
 */
public record MaintenanceSpec(
    String description,
    String mode,
    Long targetFileSizeBytes,
    Integer minInputFiles,
    Integer manifestRewriteThreshold,
    Integer snapshotRetentionHours,
    Integer minSnapshotsToKeep,
    Integer orphanSafetyWindowHours,
    Integer debounceSeconds) {

  public static final String MODE_LAMBDA = "lambda";
  public static final String MODE_GLUE_OPTIMIZER = "glue-optimizer";
  public static final long MIN_TARGET_FILE_SIZE_BYTES = 1L << 20;
  public static final long MAX_TARGET_FILE_SIZE_BYTES = 512L << 20;

  /** What a contract without a maintenance section (or with an empty one) gets. */
  public static final MaintenanceSpec DEFAULTS =
      new MaintenanceSpec(
          "the pipeline's defaults", MODE_LAMBDA, 128L << 20, 10, 20, 168, 50, null, 300);

  public MaintenanceSpec {
    if (mode != null && !mode.equals(MODE_LAMBDA) && !mode.equals(MODE_GLUE_OPTIMIZER)) {
      throw new IllegalArgumentException(
          "maintenance.mode must be '%s' or '%s', not '%s'"
              .formatted(MODE_LAMBDA, MODE_GLUE_OPTIMIZER, mode));
    }
    if (targetFileSizeBytes != null
        && (targetFileSizeBytes < MIN_TARGET_FILE_SIZE_BYTES
            || targetFileSizeBytes > MAX_TARGET_FILE_SIZE_BYTES)) {
      throw new IllegalArgumentException(
          "maintenance.targetFileSizeBytes must be between %d (1 MiB) and %d (512 MiB), not %d"
              .formatted(
                  MIN_TARGET_FILE_SIZE_BYTES, MAX_TARGET_FILE_SIZE_BYTES, targetFileSizeBytes));
    }
    atLeast("minInputFiles", minInputFiles, 2);
    atLeast("manifestRewriteThreshold", manifestRewriteThreshold, 2);
    atLeast("snapshotRetentionHours", snapshotRetentionHours, 1);
    atLeast("minSnapshotsToKeep", minSnapshotsToKeep, 1);
    atLeast("orphanSafetyWindowHours", orphanSafetyWindowHours, 1);
    atLeast("debounceSeconds", debounceSeconds, 0);
  }

  /** This section with every missing field taken from {@link #DEFAULTS}. */
  public MaintenanceSpec withDefaults() {
    return new MaintenanceSpec(
        description,
        mode != null ? mode : DEFAULTS.mode,
        targetFileSizeBytes != null ? targetFileSizeBytes : DEFAULTS.targetFileSizeBytes,
        minInputFiles != null ? minInputFiles : DEFAULTS.minInputFiles,
        manifestRewriteThreshold != null
            ? manifestRewriteThreshold
            : DEFAULTS.manifestRewriteThreshold,
        snapshotRetentionHours != null ? snapshotRetentionHours : DEFAULTS.snapshotRetentionHours,
        minSnapshotsToKeep != null ? minSnapshotsToKeep : DEFAULTS.minSnapshotsToKeep,
        orphanSafetyWindowHours,
        debounceSeconds != null ? debounceSeconds : DEFAULTS.debounceSeconds);
  }

  public boolean maintainedByGlue() {
    return MODE_GLUE_OPTIMIZER.equals(mode);
  }

  public Duration snapshotRetention() {
    return Duration.ofHours(snapshotRetentionHours);
  }

  /**
   * The window orphan removal waits: the longer of the contract's and the one the topology requires
   * ({@code required}, see {@link
   * dev.iceflow.contracts.topology.Topology#longestWaitBeforeCommit}).
   */
  public Duration orphanSafetyWindow(Duration required) {
    return Optional.ofNullable(orphanSafetyWindowHours)
        .map(Duration::ofHours)
        .filter(w -> w.compareTo(required) > 0)
        .orElse(required);
  }

  private static void atLeast(String field, Integer value, int minimum) {
    if (value != null && value < minimum) {
      throw new IllegalArgumentException(
          "maintenance.%s must be at least %d, not %d".formatted(field, minimum, value));
    }
  }
}
