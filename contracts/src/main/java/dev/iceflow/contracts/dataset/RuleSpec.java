package dev.iceflow.contracts.dataset;

import java.util.List;

/**
 * A record-level rule beyond single-field checks: {@code fields-differ}, {@code not-greater-than}
 * (fields[0] ≤ fields[1]) or {@code known-in-reference} (field's value is a key of a reference).
 */
public record RuleSpec(
    String name,
    RuleKind kind,
    List<String> fields,
    String field,
    String reference,
    String message) {

  /** The kinds of cross-field rule a contract can state. */
  public enum RuleKind {
    @com.fasterxml.jackson.annotation.JsonProperty("fields-differ")
    FIELDS_DIFFER,
    @com.fasterxml.jackson.annotation.JsonProperty("not-greater-than")
    NOT_GREATER_THAN,
    @com.fasterxml.jackson.annotation.JsonProperty("known-in-reference")
    KNOWN_IN_REFERENCE
  }
}
