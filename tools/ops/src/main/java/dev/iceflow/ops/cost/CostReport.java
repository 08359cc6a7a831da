package dev.iceflow.ops.cost;

import dev.iceflow.contracts.prices.Price;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostEstimate;
import dev.iceflow.cost.LambdaArchitecture;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Volume;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The figures of {@code ops cost report}, at list price with the free tier not deducted (see
 * Pricing): what renderers print, computed once by {@link CostReportBuilder}.
 *
 * @param breakEven empty when the period ingested nothing and no cost per GB was assumed
 */
public record CostReport(
    BudgetPeriod period,
    Instant generatedAt,
    String region,
    LambdaArchitecture architecture,
    List<DatasetCost> datasets,
    PipelineCost pipeline,
    FixedMonthlyCosts fixedMonthly,
    String footprintNote,
    FirehoseComparison firehose,
    Optional<BreakEven> breakEven) {

  public CostReport {
    datasets = List.copyOf(datasets);
  }

  /** What is on neither side of the comparison with Firehose. */
  /** The meters behind {@link #EXCLUDED_FROM_BOTH}: left out of the break-even's variable cost. */
  public static final Set<Meter> PAID_EITHER_WAY =
      EnumSet.of(Meter.S3_STORED_GB_MONTHS, Meter.GLUE_REQUESTS);

  public static final List<String> EXCLUDED_FROM_BOTH =
      List.of(
          "S3 storage of the Iceberg tables (paid either way)",
          "Glue Data Catalog storage and requests of the tables (paid either way)");

  public static final String FREE_TIER = "not deducted: every figure is at list price";

  /**
   * One dataset's month to date: its own usage and its share of the pipeline-wide usage.
   *
   * @param usdPerGb null when the dataset ingested nothing
   */
  public record DatasetCost(
      String dataset,
      CostEstimate cost,
      BigDecimal ingestedGb,
      BigDecimal usdPerGb,
      BigDecimal projectedUsd,
      Optional<BudgetUse> budget) {}

  /**
   * A dataset's budget and how much of it is spent.
   *
   * @param hardLimitPercent null when the dataset is never paused for cost
   * @param hardLimitUsd null when the dataset is never paused for cost
   */
  public record BudgetUse(
      BigDecimal budgetUsd,
      BigDecimal percentUsed,
      Integer hardLimitPercent,
      BigDecimal hardLimitUsd) {}

  /**
   * The whole pipeline's variable cost month to date: every dataset's, plus the pipeline-wide usage
   * no dataset's volume explains.
   */
  public record PipelineCost(
      CostEstimate variable,
      CostEstimate unattributed,
      BigDecimal ingestedGb,
      BigDecimal projectedVariableUsd) {

    /** Variable cost per GB ingested; null when nothing was ingested. */
    public BigDecimal usdPerGb() {
      return Volume.perGb(variable.totalUsd(), ingestedGb);
    }
  }

  /** The period's ingested volume at Firehose's per-GB price for Iceberg delivery. */
  public record FirehoseComparison(String priceId, Price price, BigDecimal ingestedGb) {

    public BigDecimal usd() {
      return price.usdFor(ingestedGb);
    }
  }
}
