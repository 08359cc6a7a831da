package dev.iceflow.validation.rules;

import dev.iceflow.common.reference.ReferencePins;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.common.reference.ReferenceTables;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.RuleSpec;
import dev.iceflow.contracts.message.payload.ObjectVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * A classifier per batch, with each reference table the contract's rules use read once for the
 * batch, at the version pinned for the batch (see {@link ReferencePins}): every record of a batch,
 * in every attempt at it, is checked against the same data. Every reference of the contract is
 * pinned, the ones only enrichment joins too, so enrichment joins the versions validation saw.
 */
@ApplicationScoped
public class BatchClassifiers {

  private final ReferenceTables references;
  private final ReferencePins pins;

  @Inject
  public BatchClassifiers(ReferenceTables references, ReferencePins pins) {
    this.references = references;
    this.pins = pins;
  }

  public BatchClassifier of(DataContract contract, String batchId) {
    Map<String, ObjectVersion> versions =
        pins.versions(contract.dataset(), batchId, contract.reference());
    Map<String, ReferenceTable> tables = new HashMap<>();
    for (RuleSpec rule : contract.input().rules()) {
      if (rule.reference() != null) {
        tables.computeIfAbsent(
            rule.reference(),
            name -> references.get(contract.reference().get(name), versions.get(name)));
      }
    }
    return new BatchClassifier(
        new RecordValidator(contract, (ref, key) -> tables.get(ref).contains(key)), versions);
  }
}
