package dev.iceflow.validation.input;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The UTF-8 size of JSON values written compactly, counted as they are written rather than kept: an
 * inline batch's records are already parsed, and a copy of their text would only be counted.
 */
final class CompactJsonSize {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CompactJsonSize() {}

  /** The summed size of each value as compact JSON, with nothing between them. */
  static long of(List<JsonNode> values) {
    ByteCounter counter = new ByteCounter();
    try (JsonGenerator generator = JSON.createGenerator(counter)) {
      generator.setRootValueSeparator(null); // a generator puts a space between root values
      for (JsonNode value : values) {
        JSON.writeTree(generator, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the inline records as JSON", e);
    }
    return counter.count;
  }

  /** Counts the bytes written to it and drops them. */
  private static final class ByteCounter extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
