package dev.iceflow.common.quarantine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quarantine's format, shared by every stage that rejects records: one NDJSON line per record
 * (batch id, dataset, stage, position, the rule, a readable message, every violation, the record or
 * its raw text) under a key derived from the batch id, and the records.rejected payload that
 * announces it.
 */
public final class Quarantine {

  private Quarantine() {}

  /** Where a stage quarantines a batch's records; the same batch always gets the same key. */
  public static String key(String stage, String dataset, String batchId) {
    return "%s/%s/%s.ndjson".formatted(stage, dataset, batchId);
  }

  public static byte[] ndjson(
      String batchId, String dataset, String stage, List<QuarantinedRecord> records) {
    StringBuilder out = new StringBuilder();
    for (QuarantinedRecord r : records) {
      ObjectNode line =
          EnvelopeCodec.mapper()
              .createObjectNode()
              .put("batchId", batchId)
              .put("dataset", dataset)
              .put("stage", stage)
              .put("position", r.position())
              .put("rule", r.reason().rule())
              .put("message", r.reason().message());
      ArrayNode violations = line.putArray("violations");
      r.violations()
          .forEach(
              v ->
                  violations
                      .addObject()
                      .put("rule", v.rule())
                      .put("field", v.field())
                      .put("message", v.message()));
      if (r.raw() != null) {
        line.put("raw", r.raw());
      } else {
        line.set("record", r.record() == null ? EnvelopeCodec.mapper().nullNode() : r.record());
      }
      out.append(line).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The records.rejected payload for {@code records}, quarantined at {@code bucket}/{@code key}.
   */
  public static ObjectNode rejectedPayload(
      String batchId,
      String stage,
      int inputRecords,
      String contractVersion,
      String bucket,
      String key,
      List<QuarantinedRecord> records) {
    ObjectNode data =
        EnvelopeCodec.mapper()
            .createObjectNode()
            .put("batchId", batchId)
            .put("stage", stage)
            .put("inputRecords", inputRecords)
            .put("rejectedRecords", records.size())
            .put("contractVersion", contractVersion);
    data.putObject("quarantine").put("bucket", bucket).put("key", key);
    ObjectNode reasons = data.putObject("reasons");
    reasons(records).forEach(reasons::put);
    return data;
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
