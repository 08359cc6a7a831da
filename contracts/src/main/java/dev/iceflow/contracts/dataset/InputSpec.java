package dev.iceflow.contracts.dataset;

import java.util.List;

/** The shape of an input record and the cross-field rules it must meet. */
public record InputSpec(
    String description,
    UnknownFields unknownFields,
    List<InputField> fields,
    List<RuleSpec> rules) {

  /** What to do with a field the contract does not name. */
  public enum UnknownFields {
    reject,
    ignore
  }
}
