package dev.iceflow.enrichment;

import dev.iceflow.common.quarantine.QuarantinedRecord;
import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.common.reference.ReferenceTables;
import dev.iceflow.common.staging.StagedRecord;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.JoinSpec;
import dev.iceflow.contracts.dataset.ReferenceSpec;
import dev.iceflow.contracts.message.payload.ObjectVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.jboss.logging.Logger;

/**
 * Turns a batch's staged records into table rows with a {@link RowEnricher}, the reference tables
 * its joins use read once for the batch; a record that cannot become a row, for whatever reason, is
 * rejected with its reason and the others still become rows.
 */
@ApplicationScoped
public class BatchEnricher {

  private static final Logger LOG = Logger.getLogger(BatchEnricher.class);

  private final ReferenceTables references;

  @Inject
  public BatchEnricher(ReferenceTables references) {
    this.references = references;
  }

  /**
   * @param schema the schema rows follow: the contract's, which may be ahead of the table's
   * @param referenceVersions the version of each reference the batch was validated with, by name
   *     (batch.validated's referenceVersions; null when it has none)
   */
  public EnrichedBatch enrich(
      DataContract contract,
      Schema schema,
      String batchId,
      Instant ingestTime,
      Map<String, ObjectVersion> referenceVersions,
      List<StagedRecord> staged) {
    RowEnricher enricher =
        new RowEnricher(contract, schema, referencesFor(contract, referenceVersions));
    OffsetDateTime ingestedAt = OffsetDateTime.ofInstant(ingestTime, ZoneOffset.UTC);
    List<Record> rows = new ArrayList<>();
    List<QuarantinedRecord> rejected = new ArrayList<>();
    RowEnricher.Result firstUnexpected = null;
    for (StagedRecord record : staged) {
      RowEnricher.Result result =
          enricher.enrich(record.record(), batchId, record.position(), ingestedAt);
      if (result.isRow()) {
        rows.add(result.row());
        continue;
      }
      rejected.add(
          new QuarantinedRecord(
              record.position(),
              List.of(new RecordViolation(result.rule(), result.column(), result.message())),
              record.record(),
              null));
      if (result.cause() != null && firstUnexpected == null) {
        firstUnexpected = result;
      }
    }
    if (firstUnexpected != null) {
      // quarantined with its reason; the stack trace, once per batch, is for whoever fixes the bug
      LOG.warnf(
          firstUnexpected.cause(),
          "batch %s: records failed enrichment unexpectedly and are quarantined; the first: %s",
          batchId,
          firstUnexpected.message());
    }
    return new EnrichedBatch(staged.size(), rows, rejected);
  }

  /**
   * The reference tables the joins use, at the versions the batch was validated with; a reference
   * without one (a batch.validated before 1.1, or a reference the contract gained since) at its
   * current version.
   */
  private Map<String, ReferenceTable> referencesFor(
      DataContract contract, Map<String, ObjectVersion> versions) {
    Map<String, ReferenceTable> loaded = new HashMap<>();
    for (JoinSpec join : contract.enrichment().joins()) {
      loaded.computeIfAbsent(
          join.reference(),
          name -> {
            ReferenceSpec spec = contract.reference().get(name);
            ObjectVersion version = versions == null ? null : versions.get(name);
            return version == null ? references.get(spec) : references.get(spec, version);
          });
    }
    return loaded;
  }

  /** A batch's rows, and the records that could not become one. */
  public record EnrichedBatch(
      int inputRecords, List<Record> rows, List<QuarantinedRecord> rejected) {}
}
