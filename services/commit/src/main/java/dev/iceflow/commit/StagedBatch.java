package dev.iceflow.commit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.Envelope;
import java.time.Instant;

/** One datafiles.staged message: the files one batch's enrichment wrote for a table. */
record StagedBatch(String messageId, Envelope envelope) {

  String batchId() {
    return envelope.data().get("batchId").asText();
  }

  String namespace() {
    return envelope.data().get("table").get("namespace").asText();
  }

  String tableName() {
    return envelope.data().get("table").get("name").asText();
  }

  String qualifiedTable() {
    return namespace() + "." + tableName();
  }

  JsonNode files() {
    return envelope.data().get("files");
  }

  Instant earliestIngestTime() {
    return Instant.parse(envelope.data().get("earliestIngestTime").asText());
  }
}
