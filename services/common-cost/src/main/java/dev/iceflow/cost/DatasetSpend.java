package dev.iceflow.cost;

import java.math.BigDecimal;

/**
 * What one dataset spent in a period: its own usage (counted from its events), its share of the
 * usage measured for the whole pipeline, and their estimated cost.
 *
 * @param share the dataset's fraction of the shared usage (0 to 1)
 */
public record DatasetSpend(
    String dataset, Usage own, BigDecimal share, Usage allocated, CostEstimate estimate) {

  public Usage total() {
    return own.plus(allocated);
  }

  public BigDecimal spentUsd() {
    return estimate.totalUsd();
  }
}
