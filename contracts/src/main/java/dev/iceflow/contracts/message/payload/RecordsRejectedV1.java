package dev.iceflow.contracts.message.payload;

import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.util.Map;

/** {@code records.rejected} v1: a stage quarantined some of a batch's records, with reasons. */
public record RecordsRejectedV1(
    String batchId,
    String stage,
    int inputRecords,
    int rejectedRecords,
    S3Location quarantine,
    Map<String, Integer> reasons,
    String contractVersion)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.RECORDS_REJECTED, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }
}
