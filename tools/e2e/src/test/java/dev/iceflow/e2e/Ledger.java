package dev.iceflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.Fixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What an end-to-end test publishes (real flights in ingest batches, with a known number of broken
 * records) and where it ends up: rows in the table and lines in the quarantine, per batch id.
 */
final class Ledger {

  final List<String> batchIds = new ArrayList<>();
  final List<Envelope> ingests = new ArrayList<>();
  int published;
  int broken;

  /** The sample flights in batches of {@code batchRecords}, two broken records in each batch. */
  static Ledger flights(int batchRecords) {
    Ledger ledger = new Ledger();
    List<ObjectNode> flights = Fixtures.flights();
    for (int start = 0; start < flights.size(); start += batchRecords) {
      List<ObjectNode> records = new ArrayList<>();
      flights
          .subList(start, Math.min(flights.size(), start + batchRecords))
          .forEach(f -> records.add(f.deepCopy()));
      records.get(1).put("delay", "n/a");
      records.get(2).put("destination", records.get(2).get("origin").asText());
      ledger.broken += 2;
      ledger.published += records.size();
      String batchId = "e2e-" + UUID.randomUUID();
      ledger.batchIds.add(batchId);
      ledger.ingests.add(IngestBatches.inline(batchId, "e2e-test", records));
    }
    return ledger;
  }

  List<Record> rows(Catalog catalog) throws Exception {
    Table table =
        catalog.loadTable(
            ContractTables.identifier(
                Contracts.packaged().dataset("flights").orElseThrow().table()));
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
      for (Record r : read) {
        if (batchIds.contains((String) r.getField("batch_id"))) {
          rows.add(r.copy());
        }
      }
    }
    return rows;
  }

  /** Each (batch id, record position) at most once: nothing was appended twice. */
  static void assertNoDuplicates(List<Record> rows) {
    Set<String> keys = new HashSet<>();
    rows.forEach(
        r ->
            assertThat(keys.add(r.getField("batch_id") + "#" + r.getField("record_position")))
                .as("duplicate row")
                .isTrue());
  }

  long quarantined(LocalAws aws, S3Client s3) {
    long lines = 0;
    String bucket = aws.provisioned().bucket("quarantine");
    for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
      if (batchIds.stream().anyMatch(id -> object.key().contains(id))) {
        lines +=
            s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key()))
                .asUtf8String()
                .lines()
                .filter(l -> !l.isBlank())
                .count();
      }
    }
    return lines;
  }
}
