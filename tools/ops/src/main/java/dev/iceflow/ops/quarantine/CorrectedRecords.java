package dev.iceflow.ops.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * The records an operator corrected, one JSON object a line (blank lines skipped), and the hash of
 * their content: each record re-serialised compactly, so spacing does not make a new batch.
 */
record CorrectedRecords(List<JsonNode> records, String contentSha256) {

  /** ingest.batch v1's records: at most 10 000. */
  static final int MAX_RECORDS = 10_000;

  CorrectedRecords {
    records = List.copyOf(records);
  }

  /**
   * Parses NDJSON text.
   *
   * @throws IllegalArgumentException naming the first line that is not a JSON object, or when there
   *     is none or too many
   */
  static CorrectedRecords parse(String ndjson, String origin) {
    List<JsonNode> records = new ArrayList<>();
    StringBuilder canonical = new StringBuilder();
    int number = 0;
    for (String line : ndjson.split("\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode record;
      try {
        record = EnvelopeCodec.mapper().readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "%s line %d is not JSON: %s".formatted(origin, number, e.getOriginalMessage()));
      }
      if (record == null || !record.isObject()) {
        throw new IllegalArgumentException(
            "%s line %d is not a JSON object (one record a line)".formatted(origin, number));
      }
      records.add(record);
      canonical.append(record).append('\n');
    }
    if (records.isEmpty()) {
      throw new IllegalArgumentException(origin + " holds no record");
    }
    if (records.size() > MAX_RECORDS) {
      throw new IllegalArgumentException(
          "%s holds %d records; one ingest.batch takes at most %d"
              .formatted(origin, records.size(), MAX_RECORDS));
    }
    return new CorrectedRecords(records, Sha256.hex(canonical.toString()));
  }
}
