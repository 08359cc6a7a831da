package dev.iceflow.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import java.time.Instant;
import java.util.List;

/**
 * One ingest batch as published: its envelope, the records it carries (in position order) and how
 * many of them are broken on purpose, for the quarantine.
 */
record PublishedBatch(String batchId, Envelope envelope, List<ObjectNode> records, int broken) {

  PublishedBatch {
    records = List.copyOf(records);
  }

  Instant ingestTime() {
    return envelope.time();
  }
}
