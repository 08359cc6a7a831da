package dev.iceflow.costguard;

import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.BudgetSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.DatasetSpend;
import dev.iceflow.cost.SpendAllocation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Holds each dataset's spend this period against its budget: every threshold reached is alerted
 * (once), and the hard limit pauses ingestion (once). The spend is the dataset's own usage plus its
 * share of what CloudWatch measured for the whole pipeline.
 */
final class BudgetGuard {

  private static final BigDecimal ONE_HUNDRED = BigDecimal.valueOf(100);

  private final Contracts contracts;
  private final CostLedger ledger;
  private final SpendAllocation allocation;
  private final BudgetAlerts alerts;
  private final PipelineMetrics metrics;

  BudgetGuard(
      Contracts contracts,
      CostLedger ledger,
      SpendAllocation allocation,
      BudgetAlerts alerts,
      PipelineMetrics metrics) {
    this.contracts = contracts;
    this.ledger = ledger;
    this.alerts = alerts;
    this.allocation = allocation;
    this.metrics = metrics;
  }

  /** Evaluates every dataset that has a budget. */
  void evaluateAll(Instant now) {
    evaluate(contracts.datasets().keySet(), now);
  }

  /** Evaluates {@code datasets} (those without a budget have nothing to hold). */
  void evaluate(Collection<String> datasets, Instant now) {
    BudgetPeriod period = BudgetPeriod.containing(now);
    Set<String> all = new LinkedHashSet<>(contracts.datasets().keySet());
    all.addAll(datasets);
    Map<String, DatasetSpend> spends = allocation.allocate(ledger, all, period).datasets();
    for (String dataset : datasets) {
      Optional<BudgetSpec> budget = contracts.dataset(dataset).flatMap(DataContract::budgetOrNone);
      DatasetSpend spend = spends.get(dataset);
      if (spend != null) {
        emit(dataset, spend.spentUsd(), budget);
      }
      if (budget.isEmpty() || spend == null) {
        continue;
      }
      hold(
          new BudgetAlerts.Spend(
              dataset,
              budget.get(),
              period,
              spend,
              period.forecastUsd(spend.spentUsd(), now),
              now));
    }
  }

  /** The dataset's spend this period, and the share of its budget that is, when it has one. */
  private void emit(String dataset, BigDecimal spentUsd, Optional<BudgetSpec> budget) {
    var points = metrics.forDataset(dataset).add(MetricNames.COST_USD, spentUsd.doubleValue());
    budget
        .filter(b -> b.budgetUsd().signum() > 0)
        .ifPresent(
            b ->
                points.add(
                    MetricNames.BUDGET_USED_PERCENT,
                    spentUsd
                        .multiply(ONE_HUNDRED)
                        .divide(b.budgetUsd(), MathContext.DECIMAL64)
                        .doubleValue()));
    points.flush();
  }

  private void hold(BudgetAlerts.Spend spend) {
    for (int threshold : spend.budget().thresholdsReached(spend.spend().spentUsd())) {
      alerts.threshold(spend, threshold);
    }
    if (spend.budget().hardLimitReached(spend.spend().spentUsd())) {
      alerts.hardLimit(spend);
    }
  }
}
