package dev.iceflow.costguard;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.BudgetSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.DatasetSpend;
import dev.iceflow.cost.SpendAllocation;
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

  private final Contracts contracts;
  private final CostLedger ledger;
  private final SpendAllocation allocation;
  private final BudgetAlerts alerts;

  BudgetGuard(
      Contracts contracts, CostLedger ledger, SpendAllocation allocation, BudgetAlerts alerts) {
    this.contracts = contracts;
    this.ledger = ledger;
    this.alerts = alerts;
    this.allocation = allocation;
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

  private void hold(BudgetAlerts.Spend spend) {
    for (int threshold : spend.budget().thresholdsReached(spend.spend().spentUsd())) {
      alerts.threshold(spend, threshold);
    }
    if (spend.budget().hardLimitReached(spend.spend().spentUsd())) {
      alerts.hardLimit(spend);
    }
  }
}
