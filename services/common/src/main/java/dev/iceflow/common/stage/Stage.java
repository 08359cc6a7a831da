package dev.iceflow.common.stage;

/**
 * The pipeline's stages: the name that appears in quarantine lines and records.rejected, and the
 * source URN stamped on the messages each publishes.
 */
public enum Stage {
  VALIDATION("validation"),
  ENRICHMENT("enrichment"),
  COMMIT("commit"),
  COMPACTION("compaction"),
  COST_GUARD("cost-guard");

  private static final String SOURCE_PREFIX = "urn:iceflow:";

  private final String wireName;

  Stage(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The envelope's {@code source} of what this stage publishes. */
  public String source() {
    return SOURCE_PREFIX + wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
