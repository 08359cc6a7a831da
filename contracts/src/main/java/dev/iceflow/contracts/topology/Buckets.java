package dev.iceflow.contracts.topology;

/** Logical names of the topology's buckets ({@code topology.json} → buckets). */
public final class Buckets {

  /** Files upstream drops under incoming/&lt;dataset&gt;/. */
  public static final String RAW = "raw";

  /** Valid records between validation and enrichment. */
  public static final String STAGING = "staging";

  /** Rejected records with their reasons. */
  public static final String QUARANTINE = "quarantine";

  /** The Iceberg tables' data and metadata. */
  public static final String WAREHOUSE = "warehouse";

  /** Reference data the rules and joins read (airports.csv, ...). */
  public static final String REFERENCE = "reference";

  private Buckets() {}
}
