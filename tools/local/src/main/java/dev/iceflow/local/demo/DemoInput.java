package dev.iceflow.local.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.local.emulator.IngestBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's input: real BTS flights from vega-datasets, cut into ingest batches, with a known
 * number of records broken on purpose (one in {@code BREAK_EVERY}: a wrong type, a flight to its
 * own origin, an airport that does not exist), and the tail kept for a CSV file dropped in S3.
 */
final class DemoInput {

  static final int BREAK_EVERY = 97;
  private static final String[] FIELDS = {"date", "delay", "distance", "origin", "destination"};

  final List<Envelope> batches = new ArrayList<>();
  String droppedCsv;
  int published;
  int broken;

  static DemoInput load(Path flightsJson, int records, int batchSize, int droppedRecords)
      throws IOException {
    ArrayNode all = (ArrayNode) EnvelopeCodec.mapper().readTree(flightsJson.toFile());
    if (all.isEmpty() || !all.get(0).has("origin")) {
      throw new IllegalArgumentException(
          "%s does not hold flights with date, delay, distance, origin and destination (use flights-2k/5k/10k/20k.json)"
              .formatted(flightsJson));
    }
    int total = Math.min(records, all.size());
    int inBatches = Math.max(0, total - droppedRecords);
    DemoInput input = new DemoInput();
    String run = Long.toString(System.currentTimeMillis(), 36);
    for (int start = 0; start < inBatches; start += batchSize) {
      List<ObjectNode> batch = new ArrayList<>();
      for (int i = start; i < Math.min(inBatches, start + batchSize); i++) {
        batch.add(input.maybeBreak(i, (ObjectNode) all.get(i).deepCopy()));
      }
      input.batches.add(
          IngestBatches.inline(
              "demo-%s-%04d".formatted(run, start / batchSize), "bts-demo", batch));
    }
    StringBuilder csv = new StringBuilder(String.join(",", FIELDS)).append('\n');
    for (int i = inBatches; i < total; i++) {
      ObjectNode flight = input.maybeBreak(i, (ObjectNode) all.get(i).deepCopy());
      List<String> cells = new ArrayList<>();
      for (String field : FIELDS) {
        cells.add(flight.path(field).asText());
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    input.droppedCsv = total > inBatches ? csv.toString() : null;
    input.published = total;
    return input;
  }

  private ObjectNode maybeBreak(int index, ObjectNode flight) {
    if (index % BREAK_EVERY != BREAK_EVERY - 1) {
      return flight;
    }
    broken++;
    switch ((index / BREAK_EVERY) % 3) {
      case 0 -> flight.put("delay", "late");
      case 1 -> flight.put("destination", flight.get("origin").asText());
      default -> flight.put("origin", "ZZZ");
    }
    return flight;
  }

  /** A batch published now carries now as its ingest time (freshness is measured from it). */
  static Envelope stamped(Envelope e) {
    return new Envelope(
        e.id(),
        e.type(),
        e.version(),
        e.source(),
        Instant.now(),
        e.dataset(),
        e.correlationId(),
        e.traceparent(),
        e.tracestate(),
        e.dataschema(),
        e.data());
  }
}
