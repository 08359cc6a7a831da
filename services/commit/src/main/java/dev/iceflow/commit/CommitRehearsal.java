package dev.iceflow.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.DatafilesStagedV1.StagedFile;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.iceberg.ContractTableCreator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.inmemory.InMemoryCatalog;

/**
 * A commit attempt on a private in-memory copy of a dataset's table (same schema, partition spec
 * and properties; Iceberg's InMemoryCatalog and InMemoryFileIO): the staged-file conversion, the
 * merge append, the manifest and manifest-list writers (Avro), the metadata JSON writer and the
 * manifest readers run once, so a cold container loads and links their classes before its first
 * batch instead of during it. Nothing reaches S3 or the catalog; the copy is dropped.
 */
final class CommitRehearsal {

  private static final String WAREHOUSE = "memory://iceflow-commit-rehearsal";
  private static final String BATCH_ID = "iceflow-commit-rehearsal";

  private CommitRehearsal() {}

  /** Commits one empty-partition file to an in-memory copy of {@code contract}'s table. */
  static CommitOutcome run(DataContract contract, int lookbackSnapshots) {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize(BATCH_ID, Map.of("warehouse", WAREHOUSE));
    try {
      Table table = ContractTableCreator.loadOrCreate(catalog, contract.table());
      StagedBatch batch =
          new StagedBatch(
              BATCH_ID,
              null, // no message: the attempt reads only the batch id, spec and files
              BATCH_ID,
              new TableName(contract.table().namespace(), contract.table().name()),
              table.spec().specId(),
              Instant.now(),
              new Fingerprint(1, null),
              List.of(stagedFile(table)));
      return TableCommitter.attempt(
          table, contract, List.of(batch), lookbackSnapshots, new AddedFiles(), BATCH_ID);
    } finally {
      try {
        catalog.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the rehearsal's in-memory catalog", e);
      }
    }
  }

  /** A one-record file in the table's location with a null value for every partition field. */
  private static StagedFile stagedFile(Table table) {
    Map<String, JsonNode> partition = new LinkedHashMap<>();
    for (PartitionField field : table.spec().fields()) {
      partition.put(field.name(), NullNode.getInstance());
    }
    return new StagedFile(
        table.location() + "/data/" + BATCH_ID + ".parquet",
        FileFormat.PARQUET.name(),
        partition,
        1,
        1,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
