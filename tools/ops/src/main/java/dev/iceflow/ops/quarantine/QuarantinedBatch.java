package dev.iceflow.ops.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.quarantine.QuarantineLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One quarantine object read: its lines ({@link QuarantineLine}) and their reasons counted. */
record QuarantinedBatch(QuarantineKey key, List<QuarantineLine> lines) {

  private static final ObjectReader LINES =
      EnvelopeCodec.mapper()
          .readerFor(QuarantineLine.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  QuarantinedBatch {
    lines = List.copyOf(lines);
  }

  /**
   * Reads the object's NDJSON.
   *
   * @throws IllegalStateException naming the line that is no quarantine line
   */
  static QuarantinedBatch parse(QuarantineKey key, byte[] ndjson) {
    List<QuarantineLine> lines = new ArrayList<>();
    int number = 0;
    for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        lines.add(LINES.readValue(line));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "line %d of %s is no quarantine line".formatted(number, key.key()), e);
      }
    }
    return new QuarantinedBatch(key, lines);
  }

  /** The batch id the lines name (the key's when the object is empty). */
  String batchId() {
    return lines.isEmpty() ? key.batchId() : lines.get(0).batchId();
  }

  String dataset() {
    return lines.isEmpty() ? key.dataset() : lines.get(0).dataset();
  }

  /** Records per reason (the first rule each broke), by rule name. */
  Map<String, Integer> reasons() {
    Map<String, Integer> counts = new TreeMap<>();
    lines.forEach(l -> counts.merge(l.rule(), 1, Integer::sum));
    return counts;
  }
}
