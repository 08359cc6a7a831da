package dev.iceflow.contracts.dataset;

import java.util.List;
import java.util.Map;

/**
 * How a valid input record becomes a table row: event time, copied fields (column → input field),
 * derived columns, reference joins and lineage columns (column → batchId | position | ingestTime).
 */
public record EnrichmentSpec(
    EventTimeSpec eventTime,
    Map<String, String> copy,
    List<DerivedColumnSpec> derived,
    List<JoinSpec> joins,
    Map<String, String> lineage) {}
