package dev.iceflow.validation.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.quarantine.RecordViolation;

/**
 * One input record at its position in the batch (from 0): parsed, or the raw text with the problem
 * that kept it from being parsed (such a record is quarantined with that reason, not lost).
 */
public record RawRecord(
    int position, JsonNode value, String unparsedText, RecordViolation problem) {

  public static RawRecord parsed(int position, JsonNode value) {
    return new RawRecord(position, value, null, null);
  }

  public static RawRecord unparsable(int position, String text, RecordViolation problem) {
    return new RawRecord(position, null, text, problem);
  }

  public boolean isParsed() {
    return problem == null;
  }
}
