package dev.iceflow.contracts.dataset;

import java.util.List;

/**
 * A column computed from input fields: {@code concat} joins {@code inputs} with {@code separator};
 * {@code bands} labels a number by the first band it is {@code below} (the last band has none).
 */
public record DerivedColumnSpec(
    String column,
    DerivationKind kind,
    List<String> inputs,
    String separator,
    String input,
    List<BandSpec> bands) {

  /** The kinds of derivation a contract can state. */
  public enum DerivationKind {
    concat,
    bands
  }
}
