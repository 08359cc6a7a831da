package dev.iceflow.commit;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.TableName;
import java.time.Instant;
import java.util.List;

/**
 * One datafiles.staged message (v1 or v2), read: the files one batch's enrichment wrote for a
 * table, with the batch's content fingerprint (for v1, which has none, its record count alone).
 */
record StagedBatch(
    String messageId,
    Envelope envelope,
    String batchId,
    TableName table,
    int specId,
    Instant earliestIngestTime,
    Fingerprint fingerprint,
    List<StagedFile> files) {

  String qualifiedTable() {
    return table.qualifiedName();
  }
}
