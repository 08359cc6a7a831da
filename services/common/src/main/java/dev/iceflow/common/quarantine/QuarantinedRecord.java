package dev.iceflow.common.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A record a stage rejected: its position in the input batch, every rule it broke (the first is its
 * reason), and the record itself, or its raw text when it could not even be parsed.
 */
public record QuarantinedRecord(
    int position, List<RecordViolation> violations, JsonNode record, String raw) {

  public QuarantinedRecord {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a quarantined record needs at least one reason");
    }
    violations = List.copyOf(violations);
  }

  public RecordViolation reason() {
    return violations.get(0);
  }
}
