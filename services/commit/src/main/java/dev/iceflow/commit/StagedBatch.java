package dev.iceflow.commit;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1;
import java.time.Instant;

/** One datafiles.staged message: the files one batch's enrichment wrote for a table. */
record StagedBatch(String messageId, Envelope envelope, DatafilesStagedV1 payload) {

  StagedBatch(String messageId, Envelope envelope) {
    this(messageId, envelope, envelope.payload(DatafilesStagedV1.class));
  }

  String batchId() {
    return payload.batchId();
  }

  String qualifiedTable() {
    return payload.table().qualifiedName();
  }

  Instant earliestIngestTime() {
    return payload.earliestIngestTime();
  }
}
