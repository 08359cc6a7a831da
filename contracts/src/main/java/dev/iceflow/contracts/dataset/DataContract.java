package dev.iceflow.contracts.dataset;

import java.util.Map;
import java.util.Optional;

/**
 * A dataset's data contract ({@code contracts/datasets/<dataset>.json}): what upstream sends, how
 * it is checked and enriched, the Iceberg table it lands in, how that table is maintained and what
 * the dataset may cost.
 *
 * @param budget what the dataset may cost per period; {@code null} when it has none (cost-guard
 *     then neither alerts nor pauses for it): read it with {@link #budgetOrNone()}
 */
public record DataContract(
    String dataset,
    String version,
    String description,
    String owner,
    InputSpec input,
    Map<String, ReferenceSpec> reference,
    EnrichmentSpec enrichment,
    TableSpec table,
    MaintenanceSpec maintenance,
    BudgetSpec budget) {

  /** The contract's maintenance section with defaults filled in (all defaults when absent). */
  public MaintenanceSpec maintenanceOrDefaults() {
    return maintenance == null ? MaintenanceSpec.DEFAULTS : maintenance.withDefaults();
  }

  /**
   * The contract's budget, empty when it has none. No default: a budget is a figure its owners
   * choose, and one made up here would alert on, or pause, a dataset nobody budgeted.
   */
  public Optional<BudgetSpec> budgetOrNone() {
    return Optional.ofNullable(budget);
  }

  public ContractVersion contractVersion() {
    return ContractVersion.parse(version);
  }
}
