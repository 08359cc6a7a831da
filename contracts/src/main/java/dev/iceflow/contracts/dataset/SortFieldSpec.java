package dev.iceflow.contracts.dataset;

/** One key of the table's sort order. */
public record SortFieldSpec(String column, Direction direction, NullOrder nullOrder) {

  /** Sort direction. */
  public enum Direction {
    asc,
    desc
  }

  /** Where nulls sort. */
  public enum NullOrder {
    @com.fasterxml.jackson.annotation.JsonProperty("nulls-first")
    NULLS_FIRST,
    @com.fasterxml.jackson.annotation.JsonProperty("nulls-last")
    NULLS_LAST
  }
}
