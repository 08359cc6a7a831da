package dev.iceflow.ops.cost;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.BudgetSpec;
import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.prices.PriceTable;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostEstimate;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.DatasetSpend;
import dev.iceflow.cost.LambdaArchitecture;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Pricing;
import dev.iceflow.cost.SpendAllocation;
import dev.iceflow.cost.Usage;
import dev.iceflow.cost.Volume;
import dev.iceflow.ops.cost.CostReport.BudgetUse;
import dev.iceflow.ops.cost.CostReport.DatasetCost;
import dev.iceflow.ops.cost.CostReport.FirehoseComparison;
import dev.iceflow.ops.cost.CostReport.PipelineCost;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a period's usage from the cost ledger (every dataset of the contracts, and the
 * pipeline-wide usage), shares it out with {@link SpendAllocation}, prices it, and sets it beside
 * the fixed costs and Firehose.
 */
public final class CostReportBuilder {

  private static final BigDecimal PERCENT = BigDecimal.valueOf(100);

  private final CostLedger ledger;
  private final Contracts contracts;
  private final PriceTable prices;
  private final LambdaArchitecture architecture;
  private final int azs;
  private final Clock clock;

  public CostReportBuilder(
      CostLedger ledger,
      Contracts contracts,
      PriceTable prices,
      LambdaArchitecture architecture,
      int azs,
      Clock clock) {
    this.ledger = ledger;
    this.contracts = contracts;
    this.prices = prices;
    this.architecture = architecture;
    this.azs = azs;
    this.clock = clock;
  }

  /**
   * @param assumedUsdPerGb a variable cost per GB to price the break-even with instead of the
   *     measured one (which needs an ingested volume)
   */
  public CostReport build(BudgetPeriod period, Optional<BigDecimal> assumedUsdPerGb) {
    Instant now = clock.instant();
    Pricing pricing = new Pricing(prices, architecture);
    SpendAllocation.Allocated allocated = allocate(period, pricing);

    List<DatasetCost> datasets = new ArrayList<>();
    allocated.datasets().values().forEach(spend -> datasets.add(datasetCost(spend, period, now)));
    PipelineCost pipeline =
        pipelineCost(datasets, pricing.estimate(allocated.unattributed()), period, now);

    FixedMonthlyCosts fixed = FixedMonthlyCosts.of(prices, azs);
    FirehoseComparison firehose =
        new FirehoseComparison(
            PriceIds.FIREHOSE_ICEBERG_INGESTION,
            prices.price(PriceIds.FIREHOSE_ICEBERG_INGESTION),
            pipeline.ingestedGb());
    return new CostReport(
        period,
        now,
        prices.region(),
        architecture,
        datasets,
        pipeline,
        fixed,
        prices.footprint().note(),
        firehose,
        breakEven(
            fixed,
            comparableUsdPerGb(allocated, pricing, pipeline.ingestedGb()),
            firehose,
            assumedUsdPerGb));
  }

  /**
   * The variable cost per GB the comparison with Firehose uses: all usage but what a Firehose user
   * pays too ({@link CostReport#PAID_EITHER_WAY}: the table's storage and catalog); null without an
   * ingested volume.
   */
  private static BigDecimal comparableUsdPerGb(
      SpendAllocation.Allocated allocated, Pricing pricing, BigDecimal ingestedGb) {
    Usage.Builder total = Usage.builder().add(allocated.unattributed());
    allocated.datasets().values().forEach(spend -> total.add(spend.total()));
    Map<Meter, BigDecimal> comparable = new EnumMap<>(Meter.class);
    comparable.putAll(total.build().amounts());
    comparable.keySet().removeAll(CostReport.PAID_EITHER_WAY);
    return Volume.perGb(pricing.estimate(Usage.of(comparable)).totalUsd(), ingestedGb);
  }

  private SpendAllocation.Allocated allocate(BudgetPeriod period, Pricing pricing) {
    List<String> names = contracts.datasets().keySet().stream().sorted().toList();
    return new SpendAllocation(pricing).allocate(ledger, names, period);
  }

  private DatasetCost datasetCost(DatasetSpend spend, BudgetPeriod period, Instant now) {
    BigDecimal spent = spend.spentUsd();
    BigDecimal ingestedGb = Volume.gigabytes(spend.own().get(Meter.INGESTED_BYTES));
    Optional<BudgetUse> budget =
        contracts.requireDataset(spend.dataset()).budgetOrNone().map(b -> budgetUse(b, spent));
    return new DatasetCost(
        spend.dataset(),
        spend.estimate(),
        ingestedGb,
        Volume.perGb(spent, ingestedGb),
        period.forecastUsd(spent, now),
        budget);
  }

  private static BudgetUse budgetUse(BudgetSpec budget, BigDecimal spentUsd) {
    return new BudgetUse(
        budget.budgetUsd(),
        spentUsd.multiply(PERCENT).divide(budget.budgetUsd(), MathContext.DECIMAL64),
        budget.hardLimitPercent(),
        budget.hardLimitUsd().orElse(null));
  }

  private static PipelineCost pipelineCost(
      List<DatasetCost> datasets, CostEstimate unattributed, BudgetPeriod period, Instant now) {
    CostEstimate variable = unattributed;
    BigDecimal ingestedGb = BigDecimal.ZERO;
    for (DatasetCost dataset : datasets) {
      variable = variable.plus(dataset.cost());
      ingestedGb = ingestedGb.add(dataset.ingestedGb());
    }
    return new PipelineCost(
        variable, unattributed, ingestedGb, period.forecastUsd(variable.totalUsd(), now));
  }

  private static Optional<BreakEven> breakEven(
      FixedMonthlyCosts fixed,
      BigDecimal comparableUsdPerGb,
      FirehoseComparison firehose,
      Optional<BigDecimal> assumedUsdPerGb) {
    BigDecimal firehosePerGb = firehose.price().usdFor(BigDecimal.ONE);
    if (assumedUsdPerGb.isPresent()) {
      return Optional.of(
          BreakEven.across(
              fixed.totalUsd(),
              assumedUsdPerGb.get(),
              BreakEven.VariableBasis.ASSUMED,
              firehosePerGb));
    }
    return Optional.ofNullable(comparableUsdPerGb)
        .map(
            perGb ->
                BreakEven.across(
                    fixed.totalUsd(), perGb, BreakEven.VariableBasis.MEASURED, firehosePerGb));
  }
}
