package dev.iceflow.contracts.dataset;

import java.util.Map;

/**
 * A dataset's data contract ({@code contracts/datasets/<dataset>.json}): what upstream sends, how
 * it is checked and enriched, and the Iceberg table it lands in.
 */
public record DataContract(
    String dataset,
    String version,
    String description,
    String owner,
    InputSpec input,
    Map<String, ReferenceSpec> reference,
    EnrichmentSpec enrichment,
    TableSpec table) {

  public ContractVersion contractVersion() {
    return ContractVersion.parse(version);
  }
}
