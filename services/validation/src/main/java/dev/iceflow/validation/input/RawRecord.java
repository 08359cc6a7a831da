package dev.iceflow.validation.input;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One input record at its position in the batch (from 0): parsed, or the raw text with the reason
 * it could not be parsed (such a record is quarantined, not lost).
 */
public record RawRecord(int position, JsonNode value, String unparsedText, String parseError) {

  public static RawRecord parsed(int position, JsonNode value) {
    return new RawRecord(position, value, null, null);
  }

  public static RawRecord unparsable(int position, String text, String error) {
    return new RawRecord(position, null, text, error);
  }

  public boolean isParsed() {
    return parseError == null;
  }
}
