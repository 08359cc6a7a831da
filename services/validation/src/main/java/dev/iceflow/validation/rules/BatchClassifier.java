package dev.iceflow.validation.rules;

import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.contracts.message.payload.ObjectVersion;
import dev.iceflow.validation.input.RawRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a batch's records into valid and rejected with a {@link RecordValidator}, whose reference
 * data is of the versions named (by reference name). Pure.
 */
public final class BatchClassifier {

  private final RecordValidator validator;
  private final Map<String, ObjectVersion> referenceVersions;

  public BatchClassifier(RecordValidator validator, Map<String, ObjectVersion> referenceVersions) {
    this.validator = validator;
    this.referenceVersions = Map.copyOf(referenceVersions);
  }

  /** A classifier whose reference data (if any) is of no known S3 version: tests, benchmarks. */
  public BatchClassifier(RecordValidator validator) {
    this(validator, Map.of());
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
    return new Classification(records.size(), valid, rejected, referenceVersions);
  }
}
