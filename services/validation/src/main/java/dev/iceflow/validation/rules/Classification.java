package dev.iceflow.validation.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.validation.input.RawRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every input record of a batch, classified exactly once: valid or rejected with reasons. */
public record Classification(int inputRecords, List<Valid> valid, List<Rejected> rejected) {

  public Classification {
    if (valid.size() + rejected.size() != inputRecords) {
      throw new IllegalStateException(
          "classified %d + %d records of %d"
              .formatted(valid.size(), rejected.size(), inputRecords));
    }
  }

  /** A valid record at its position in the input. */
  public record Valid(int position, JsonNode record) {}

  /**
   * A rejected record (parsed, or its raw text) with every rule it broke; the first is its reason.
   */
  public record Rejected(RawRecord input, List<RuleViolation> violations) {
    public RuleViolation reason() {
      return violations.get(0);
    }
  }

  /** Rejections per rule (a record counts under each rule it broke). */
  public Map<String, Integer> reasons() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Rejected r : rejected) {
      r.violations().stream()
          .map(RuleViolation::rule)
          .distinct()
          .forEach(rule -> counts.merge(rule, 1, Integer::sum));
    }
    return counts;
  }
}
