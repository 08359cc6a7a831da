package dev.iceflow.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.reconciliation.QuarantineTally;
import dev.iceflow.local.reconciliation.Reconciliation;
import dev.iceflow.testkit.aws.Fixtures;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.catalog.Catalog;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What an end-to-end test publishes (real flights in ingest batches, with a known number of broken
 * records) and, through the demo's own reconciliation, where its batches ended up: rows in the
 * table and lines in the quarantine.
 */
final class Ledger {

  /** The date part of the flights contract's {@code yyyy/MM/dd HH:mm}. */
  private static final DateTimeFormatter CONTRACT_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  private static final int DATE_LENGTH = "yyyy/MM/dd".length();

  final List<String> batchIds = new ArrayList<>();
  final List<Envelope> ingests = new ArrayList<>();
  int published;
  int broken;
  private QuarantineTally quarantine;

  /** The sample flights in batches of {@code batchRecords}, two broken records in each batch. */
  static Ledger flights(int batchRecords) {
    return of(Fixtures.flights(), batchRecords);
  }

  /**
   * The sample flights moved to {@code day} (each keeps its time of day), so every file the batches
   * make lands in that day's partition: a partition of the test's own, for compaction to rewrite.
   */
  static Ledger flightsOn(LocalDate day, int batchRecords) {
    String date = day.format(CONTRACT_DATE);
    List<ObjectNode> flights = Fixtures.flights();
    flights.forEach(f -> f.put("date", date + f.get("date").asText().substring(DATE_LENGTH)));
    return of(flights, batchRecords);
  }

  private static Ledger of(List<ObjectNode> flights, int batchRecords) {
    Ledger ledger = new Ledger();
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

  /** Where this ledger's batches are now (the table and the bucket also hold other tests'). */
  Reconciliation reconcile(LocalAws aws, Catalog catalog, S3Client s3) {
    if (quarantine == null) {
      quarantine =
          new QuarantineTally(s3, aws.provisioned().bucket("quarantine"), batchIds::contains);
    }
    return Reconciliation.of(
        catalog.loadTable(
            ContractTables.identifier(
                Contracts.packaged().dataset("flights").orElseThrow().table())),
        quarantine,
        batchIds::contains);
  }
}
