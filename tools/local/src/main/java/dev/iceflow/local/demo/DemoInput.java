package dev.iceflow.local.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.local.emulator.IngestBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's input: real BTS flights from vega-datasets, streamed into ingest batches, with a known
 * number of records broken on purpose (one in {@code BREAK_EVERY}: a wrong type, a flight to its
 * own origin, an airport that does not exist), and the tail kept for a CSV file dropped in S3.
 */
final class DemoInput {

  static final int BREAK_EVERY = 97;

  String droppedCsv;
  int published;
  int broken;
  int batches;

  /**
   * Reads up to {@code records} flights from {@code file}, hands each ingest batch to {@code
   * publish} as soon as it is full (so millions of records never sit in memory), and keeps the last
   * {@code droppedRecords} as a CSV file's content.
   */
  static DemoInput stream(
      Path file, int records, int batchSize, int droppedRecords, Consumer<Envelope> publish)
      throws IOException {
    DemoInput input = new DemoInput();
    String run = Long.toString(System.currentTimeMillis(), 36);
    try (FlightSource source = FlightSource.open(file)) {
      int total = (int) Math.min(records, source.size());
      int inBatches = Math.max(0, total - droppedRecords);
      List<ObjectNode> batch = new ArrayList<>();
      StringBuilder csv = new StringBuilder(String.join(",", FlightSource.FIELDS)).append('\n');
      for (int i = 0; i < total; i++) {
        ObjectNode flight = input.maybeBreak(i, source.next());
        if (i < inBatches) {
          batch.add(flight);
          if (batch.size() == batchSize || i == inBatches - 1) {
            publish.accept(
                stamped(
                    IngestBatches.inline(
                        "demo-%s-%05d".formatted(run, input.batches++), "bts-demo", batch)));
            batch = new ArrayList<>();
          }
        } else {
          List<String> cells = new ArrayList<>();
          for (String field : FlightSource.FIELDS) {
            cells.add(flight.path(field).asText());
          }
          csv.append(String.join(",", cells)).append('\n');
        }
      }
      input.droppedCsv = total > inBatches ? csv.toString() : null;
      input.published = total;
    }
    return input;
  }

  private ObjectNode maybeBreak(int index, ObjectNode flight) {
    if (index % BREAK_EVERY != BREAK_EVERY - 1) {
      return flight;
    }
    broken++;
    switch ((index / BREAK_EVERY) % 3) {
      case 0 -> flight.put("delay", "late");
      case 1 -> flight.put("destination", flight.path("origin").asText());
      default -> flight.put("origin", "ZZZ");
    }
    return flight;
  }

  /** A batch published now carries now as its ingest time (freshness is measured from it). */
  private static Envelope stamped(Envelope e) {
    return e.withTime(Instant.now());
  }
}
