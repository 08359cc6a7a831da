package dev.iceflow.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.TraceContext;
import java.time.Instant;

/** Valid envelopes for integration tests, each with a fresh id. */
public final class TestEnvelopes {

  private TestEnvelopes() {}

  public static Envelope ingestBatch(String dataset, String batchId) {
    ObjectNode data = EnvelopeCodec.mapper().createObjectNode().put("batchId", batchId);
    data.putArray("records")
        .addObject()
        .put("date", "2001/01/01 00:47")
        .put("delay", 66)
        .put("distance", 1750)
        .put("origin", "DTW")
        .put("destination", "LAS");
    return new Envelope(
        "test." + batchId,
        "ingest.batch",
        "1.0",
        "integration-test",
        Instant.now(),
        dataset,
        batchId,
        TraceContext.newTrace(),
        null,
        null,
        data);
  }
}
