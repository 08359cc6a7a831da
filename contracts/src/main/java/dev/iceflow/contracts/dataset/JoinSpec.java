package dev.iceflow.contracts.dataset;

import java.util.Map;

/**
 * A lookup of input field {@code on} in a reference; {@code columns} maps table column → reference
 * column. A required join that finds nothing quarantines the record.
 */
public record JoinSpec(
    String reference, String on, boolean required, Map<String, String> columns) {}
