package dev.iceflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Real BTS flights cut into ingest batches of a fixed size, handed out round and round (a steady
 * load outlasts the file): each batch an ingest.batch envelope with inline records, as an upstream
 * system publishes them, under a batch id of its own.
 */
public final class IngestBatchSource {

  /** The source name the batches carry (the demo's is bts-demo). */
  public static final String SOURCE = "bts-bench";

  private final List<List<ObjectNode>> batches;
  private final int batchSize;

  private IngestBatchSource(List<List<ObjectNode>> batches, int batchSize) {
    this.batches = batches;
    this.batchSize = batchSize;
  }

  /** Reads a vega flights-*.json array and cuts it into batches of {@code batchSize}. */
  public static IngestBatchSource of(Path flightsJson, int batchSize) throws IOException {
    ArrayNode all = (ArrayNode) EnvelopeCodec.mapper().readTree(flightsJson.toFile());
    List<List<ObjectNode>> batches = new ArrayList<>();
    List<ObjectNode> batch = new ArrayList<>();
    for (JsonNode flight : all) {
      batch.add((ObjectNode) flight);
      if (batch.size() == batchSize) {
        batches.add(List.copyOf(batch));
        batch = new ArrayList<>();
      }
    }
    if (batches.isEmpty()) {
      throw new IllegalArgumentException(
          "%s holds fewer than %d flights: not one full batch".formatted(flightsJson, batchSize));
    }
    return new IngestBatchSource(batches, batchSize);
  }

  public int batchSize() {
    return batchSize;
  }

  /** The {@code sequence}-th batch (round and round the file), stamped {@code publishedAt}. */
  public Envelope batch(String batchId, long sequence, Instant publishedAt) {
    return IngestBatches.inline(batchId, SOURCE, batches.get((int) (sequence % batches.size())))
        .withTime(publishedAt);
  }
}
