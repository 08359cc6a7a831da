package dev.iceflow.validation.rules;

import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.common.reference.ReferenceTables;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.RuleSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * A classifier per batch, with each reference table the contract's rules use read once for the
 * batch (ETag-cached across batches), so every record of a batch is checked against the same data.
 */
@ApplicationScoped
public class BatchClassifiers {

  private final ReferenceTables references;

  @Inject
  public BatchClassifiers(ReferenceTables references) {
    this.references = references;
  }

  public BatchClassifier of(DataContract contract) {
    Map<String, ReferenceTable> tables = new HashMap<>();
    for (RuleSpec rule : contract.input().rules()) {
      if (rule.reference() != null) {
        tables.computeIfAbsent(
            rule.reference(), name -> references.get(contract.reference().get(name)));
      }
    }
    return new BatchClassifier(
        new RecordValidator(contract, (ref, key) -> tables.get(ref).contains(key)));
  }
}
