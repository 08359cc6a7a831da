package dev.iceflow.contracts.dataset;

import java.util.Map;

/**
 * A dataset's data contract ({@code contracts/datasets/<dataset>.json}): what upstream sends, how
 * it is checked and enriched, the Iceberg table it lands in and how that table is maintained.
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
    MaintenanceSpec maintenance) {

  /** The contract's maintenance section with defaults filled in (all defaults when absent). */
  public MaintenanceSpec maintenanceOrDefaults() {
    return maintenance == null ? MaintenanceSpec.DEFAULTS : maintenance.withDefaults();
  }

  public ContractVersion contractVersion() {
    return ContractVersion.parse(version);
  }
}
