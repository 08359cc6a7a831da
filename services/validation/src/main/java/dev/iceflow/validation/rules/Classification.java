package dev.iceflow.validation.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.quarantine.QuarantinedRecord;
import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.contracts.message.payload.ObjectVersion;
import dev.iceflow.validation.input.RawRecord;
import java.util.List;
import java.util.Map;

/**
 * Every input record of a batch, classified exactly once: valid or rejected with reasons, against
 * the reference data of the versions named (by reference name).
 */
public record Classification(
    int inputRecords,
    List<Valid> valid,
    List<Rejected> rejected,
    Map<String, ObjectVersion> referenceVersions) {

  public Classification {
    if (valid.size() + rejected.size() != inputRecords) {
      throw new IllegalStateException(
          "classified %d + %d records of %d"
              .formatted(valid.size(), rejected.size(), inputRecords));
    }
  }

  /** The rejected records as the quarantine holds them. */
  public List<QuarantinedRecord> quarantined() {
    return rejected.stream().map(Rejected::quarantined).toList();
  }

  /** A valid record at its position in the input. */
  public record Valid(int position, JsonNode record) {}

  /**
   * A rejected record (parsed, or its raw text) with every rule it broke; the first is its reason.
   */
  public record Rejected(RawRecord input, List<RecordViolation> violations) {
    public RecordViolation reason() {
      return violations.get(0);
    }

    public QuarantinedRecord quarantined() {
      return new QuarantinedRecord(
          input.position(),
          violations,
          input.value(),
          input.isParsed() ? null : input.unparsedText());
    }
  }
}
