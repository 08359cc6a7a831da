package dev.iceflow.local.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.message.MessageType;
import java.time.Instant;
import java.util.List;

/** ingest.batch messages with inline records, as an upstream system publishes them. */
public final class IngestBatches {

  private IngestBatches() {}

  /** A flights batch. */
  public static Envelope inline(String batchId, String source, List<ObjectNode> records) {
    return inline("flights", batchId, source, records);
  }

  public static Envelope inline(
      String dataset, String batchId, String source, List<ObjectNode> records) {
    ObjectNode data = EnvelopeCodec.mapper().createObjectNode().put("batchId", batchId);
    ArrayNode array = data.putArray("records");
    records.forEach(array::add);
    return Envelope.originating(
        source + "." + batchId,
        MessageType.INGEST_BATCH,
        "1.0",
        source,
        Instant.now(),
        dataset,
        batchId,
        data);
  }
}
