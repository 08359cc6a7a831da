package dev.iceflow.iceberg.faults;

/**
 * What an injected unknown commit state hides from the committer: whether the catalog applied the
 * commit (a Glue UpdateTable that timed out after applying) or not (one that timed out before).
 */
public enum UnknownCommitState {
  /** The commit goes through as usual. */
  NONE("none"),
  /** The commit landed; the committer is told its state is unknown. */
  AFTER_APPLY("after-apply"),
  /** The commit did not land; the committer is told its state is unknown. */
  BEFORE_APPLY("before-apply");

  private final String label;

  UnknownCommitState(String label) {
    this.label = label;
  }

  /** As the fault log line spells it. */
  public String label() {
    return label;
  }
}
