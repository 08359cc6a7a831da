package dev.iceflow.validation.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.validation.rules.Classification;
import dev.iceflow.validation.rules.RuleViolation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The two files validation writes, as NDJSON: staged valid records ({@code position} + {@code
 * record}) and quarantined ones (batch id, position, the rule, a readable message, every violation,
 * and the record or its raw text).
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

  public static byte[] quarantine(
      String batchId, String dataset, String stage, List<Classification.Rejected> rejected) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      for (Classification.Rejected r : rejected) {
        ObjectNode line =
            EnvelopeCodec.mapper()
                .createObjectNode()
                .put("batchId", batchId)
                .put("dataset", dataset)
                .put("stage", stage)
                .put("position", r.input().position())
                .put("rule", r.reason().rule())
                .put("message", r.reason().message());
        ArrayNode violations = line.putArray("violations");
        for (RuleViolation v : r.violations()) {
          violations
              .addObject()
              .put("rule", v.rule())
              .put("field", v.field())
              .put("message", v.message());
        }
        if (r.input().isParsed()) {
          line.set(
              "record",
              r.input().value() == null ? EnvelopeCodec.mapper().nullNode() : r.input().value());
        } else {
          line.put("raw", r.input().unparsedText());
        }
        writeLine(bytes, line);
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
