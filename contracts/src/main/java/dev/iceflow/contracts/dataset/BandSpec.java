package dev.iceflow.contracts.dataset;

import java.math.BigDecimal;

/** A labelled band: values below {@code below} (or any value, when it is null) get the label. */
public record BandSpec(BigDecimal below, String label) {}
