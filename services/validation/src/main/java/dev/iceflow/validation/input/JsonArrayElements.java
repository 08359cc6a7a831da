package dev.iceflow.validation.input;

import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * Splits one JSON array into the texts of its elements without parsing them, so a malformed element
 * is one bad record instead of a broken file: an element ends at a comma or at the closing bracket
 * outside strings and nested values. Blank elements are skipped (like blank NDJSON lines). An array
 * cut off before its closing bracket yields what it holds, the cut-off element included (it then
 * fails to parse and is quarantined). Best effort by nature: an element with an unterminated string
 * or unbalanced brackets swallows the elements after it into its own (quarantined) text.
 */
final class JsonArrayElements {

  private JsonArrayElements() {}

  static void split(Reader in, Consumer<String> element) throws IOException {
    if (firstNonBlank(in) != '[') {
      throw new UnsupportedInputException(
          "a json-array object must hold one JSON array of records");
    }
    StringBuilder current = new StringBuilder();
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int c = in.read(); c != -1; c = in.read()) {
      char ch = (char) c;
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (ch == '\\') {
          escaped = true;
        } else if (ch == '"') {
          inString = false;
        }
      } else if (ch == '"') {
        inString = true;
      } else if (ch == '{' || ch == '[') {
        depth++;
      } else if ((ch == '}' || ch == ']') && depth > 0) {
        depth--;
      } else if (ch == ']') {
        emit(current, element);
        requireEnd(in);
        return;
      } else if (ch == ',' && depth == 0) {
        emit(current, element);
        current.setLength(0);
        continue;
      }
      current.append(ch);
    }
    emit(current, element); // no closing bracket: the object was cut off
  }

  private static void emit(StringBuilder text, Consumer<String> element) {
    String trimmed = text.toString().strip();
    if (!trimmed.isEmpty()) {
      element.accept(trimmed);
    }
  }

  private static int firstNonBlank(Reader in) throws IOException {
    int c = in.read();
    while (c != -1 && Character.isWhitespace(c)) {
      c = in.read();
    }
    return c;
  }

  private static void requireEnd(Reader in) throws IOException {
    if (firstNonBlank(in) != -1) {
      throw new UnsupportedInputException(
          "a json-array object must hold one JSON array of records, and it holds more after the"
              + " array's closing bracket");
    }
  }
}
