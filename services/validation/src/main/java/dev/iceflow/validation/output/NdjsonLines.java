package dev.iceflow.validation.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.validation.rules.Classification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The staged valid records validation writes for enrichment, as gzipped NDJSON: {@code position}
 * (in the input batch) + {@code record}. (Rejected ones go to the quarantine, see Quarantine.)
 */
public final class NdjsonLines {

  private static final byte[] NEWLINE = {'\n'};

  private NdjsonLines() {}

  public static byte[] stagedGzip(List<Classification.Valid> valid) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (Classification.Valid v : valid) {
        ObjectNode line = EnvelopeCodec.mapper().createObjectNode().put("position", v.position());
        line.set("record", v.record());
        writeLine(out, line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeLine(OutputStream out, JsonNode line) throws IOException {
    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
    out.write(NEWLINE);
  }
}
