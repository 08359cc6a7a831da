package dev.iceflow.validation.rules;

import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.validation.input.RawRecord;
import java.util.ArrayList;
import java.util.List;

/** Splits a batch's records into valid and rejected with a {@link RecordValidator}. Pure. */
public final class BatchClassifier {

  private final RecordValidator validator;

  public BatchClassifier(RecordValidator validator) {
    this.validator = validator;
  }

  public Classification classify(List<RawRecord> records) {
    List<Classification.Valid> valid = new ArrayList<>();
    List<Classification.Rejected> rejected = new ArrayList<>();
    for (RawRecord record : records) {
      if (!record.isParsed()) {
        rejected.add(new Classification.Rejected(record, List.of(record.problem())));
        continue;
      }
      List<RecordViolation> violations = validator.check(record.value());
      if (violations.isEmpty()) {
        valid.add(new Classification.Valid(record.position(), record.value()));
      } else {
        rejected.add(new Classification.Rejected(record, List.copyOf(violations)));
      }
    }
    return new Classification(records.size(), valid, rejected);
  }
}
