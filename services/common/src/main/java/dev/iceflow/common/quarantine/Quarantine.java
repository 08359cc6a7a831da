package dev.iceflow.common.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.stage.Stage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quarantine's format, shared by every stage that rejects records: one NDJSON line per record
 * ({@link QuarantineLine}) under a key derived from the batch id.
 */
public final class Quarantine {

  private static final ObjectWriter LINES = EnvelopeCodec.mapper().writerFor(QuarantineLine.class);

  private Quarantine() {}

  /** Where a stage quarantines a batch's records; the same batch always gets the same key. */
  public static String key(Stage stage, String dataset, String batchId) {
    return "%s/%s/%s.ndjson".formatted(stage.wireName(), dataset, batchId);
  }

  public static byte[] ndjson(
      String batchId, String dataset, Stage stage, List<QuarantinedRecord> records) {
    StringBuilder out = new StringBuilder();
    try {
      for (QuarantinedRecord r : records) {
        out.append(LINES.writeValueAsString(QuarantineLine.of(batchId, dataset, stage, r)))
            .append('\n');
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the quarantine lines of " + batchId, e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Rejections per rule; a record counts once under each rule it broke. */
  public static Map<String, Integer> reasons(List<QuarantinedRecord> records) {
    Map<String, Integer> counts = new TreeMap<>();
    for (QuarantinedRecord r : records) {
      r.violations().stream()
          .map(RecordViolation::rule)
          .distinct()
          .forEach(rule -> counts.merge(rule, 1, Integer::sum));
    }
    return counts;
  }
}
