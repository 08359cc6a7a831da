package dev.iceflow.common.quarantine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.iceflow.common.stage.Stage;
import java.util.List;

/**
 * One line of a quarantine object: which batch, dataset and stage, the record's position, its
 * reason (the first rule it broke) with a readable message, every violation, and the record itself,
 * or its raw text when it could not even be parsed.
 */
public record QuarantineLine(
    String batchId,
    String dataset,
    String stage,
    int position,
    String rule,
    String message,
    List<RecordViolation> violations,
    @JsonInclude(JsonInclude.Include.NON_NULL) String raw,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode record) {

  static QuarantineLine of(String batchId, String dataset, Stage stage, QuarantinedRecord r) {
    return new QuarantineLine(
        batchId,
        dataset,
        stage.wireName(),
        r.position(),
        r.reason().rule(),
        r.reason().message(),
        r.violations(),
        r.raw(),
        // a parsed record is written even when it is JSON null; an unparsable one as raw text only
        r.raw() != null ? null : r.record() == null ? NullNode.getInstance() : r.record());
  }
}
