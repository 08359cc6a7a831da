package dev.iceflow.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.testkit.aws.Fixtures;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The real sample flights cut into ingest batches for a fault run, all moved to one day (so every
 * commit appends to the partition compaction rewrites, and the two really race), with up to two
 * records per batch broken on purpose (a delay that is no number, a flight to where it departs),
 * where the run's seed says.
 */
final class FaultLoad {

  private static final DateTimeFormatter CONTRACT_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
  private static final int DATE_LENGTH = "yyyy/MM/dd".length();
  private static final int MAX_BROKEN_PER_BATCH = 2;
  private static final String SOURCE = "fault-run";

  final Map<String, PublishedBatch> batches = new LinkedHashMap<>();
  int records;
  int broken;

  private final List<ObjectNode> flights = Fixtures.flights();
  private final String runId;
  private String day;

  /** {@code count} batches of {@code batchRecords} flights; ids unique to {@code runId}. */
  static FaultLoad of(SplittableRandom random, String runId, int count, int batchRecords) {
    FaultLoad load = new FaultLoad(runId);
    load.day = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(3650)).format(CONTRACT_DATE);
    load.addBatches(random, count, batchRecords);
    return load;
  }

  private FaultLoad(String runId) {
    this.runId = runId;
  }

  /** {@code count} more batches of {@code batchRecords} flights, returned in order. */
  List<PublishedBatch> addBatches(SplittableRandom random, int count, int batchRecords) {
    List<PublishedBatch> added = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      List<ObjectNode> records = new ArrayList<>();
      int start = random.nextInt(flights.size() - batchRecords);
      for (ObjectNode flight : flights.subList(start, start + batchRecords)) {
        records.add(onTheDay(flight));
      }
      int broken = random.nextInt(MAX_BROKEN_PER_BATCH + 1);
      if (broken > 0) {
        records.get(0).put("delay", "n/a");
      }
      if (broken > 1) {
        ObjectNode record = records.get(batchRecords - 1);
        record.put("destination", record.get("origin").asText());
      }
      added.add(put("%s-%03d".formatted(runId, batches.size()), records, broken));
    }
    return added;
  }

  /**
   * Adds a batch of {@code count} good flights (the sample, over and over) under {@code batchId}.
   */
  PublishedBatch add(String batchId, int count) {
    List<ObjectNode> records = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      records.add(onTheDay(flights.get(n % flights.size())));
    }
    return put(batchId, records, 0);
  }

  private PublishedBatch put(String batchId, List<ObjectNode> records, int broken) {
    PublishedBatch batch =
        new PublishedBatch(
            batchId, IngestBatches.inline(batchId, SOURCE, records), records, broken);
    batches.put(batchId, batch);
    this.records += records.size();
    this.broken += broken;
    return batch;
  }

  private ObjectNode onTheDay(ObjectNode flight) {
    ObjectNode record = flight.deepCopy();
    record.put("date", day + record.get("date").asText().substring(DATE_LENGTH));
    return record;
  }
}
