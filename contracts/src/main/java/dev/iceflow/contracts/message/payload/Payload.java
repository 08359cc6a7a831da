package dev.iceflow.contracts.message.payload;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.iceflow.contracts.message.SchemaKey;

/**
 * A message payload bound to its JSON Schema: one record per event type and major version, read
 * only after the whole message has been validated against that schema (so the schema stays the
 * single source of truth and the record only names what it says). Enumerations stay strings: a
 * newer minor version may add values, and a reader of the older one must still bind them.
 */
public sealed interface Payload
    permits IngestBatchV1,
        BatchValidatedV1,
        RecordsRejectedV1,
        DatafilesStagedV1,
        DatafilesStagedV2,
        TableCommittedV1,
        TableCompactedV1,
        CostAlertV1,
        PipelineControlV1,
        ScheduleTickV1 {

  /** The schema this payload follows: its event type and major version. */
  @JsonIgnore
  SchemaKey schema();
}
