package dev.iceflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.iceflow.bench.report.ResultRecorder;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.enrichment.DataFileWriter;
import dev.iceflow.enrichment.RowEnricher;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.validation.input.RawRecord;
import dev.iceflow.validation.input.RecordFormat;
import dev.iceflow.validation.input.RecordParser;
import dev.iceflow.validation.rules.BatchClassifier;
import dev.iceflow.validation.rules.Classification;
import dev.iceflow.validation.rules.RecordValidator;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * validate + enrich + write, against a raw Iceberg Parquet writer writing the same rows, in the
 * same run, on real BTS flights. Both write through Iceberg's partitioned Parquet writer into an
 * in-memory FileIO, so the difference is what the stages add: parsing, contract checks, enrichment.
 * Single-threaded, so records/s is records/s per core.
 */
@Command(
    name = "stage-benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Prints records/s per core of validate+enrich+write vs a raw Iceberg Parquet writer.")
public final class StageBenchmark implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OffsetDateTime INGESTED = OffsetDateTime.now(ZoneOffset.UTC);

  @Mixin FlightsData data;

  @Option(
      names = "--batch",
      defaultValue = "10000",
      description =
          "records per batch, as one Lambda invocation gets them (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "measured rounds after 2 warm-up rounds (default: ${DEFAULT-VALUE})")
  int rounds;

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    System.exit(new CommandLine(new StageBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    DataContract contract = Contracts.packaged().dataset("flights").orElseThrow();
    ReferenceTable airports = airports(data.airports());
    List<byte[]> batches = ndjsonBatches((ArrayNode) JSON.readTree(data.flights().toFile()));
    int records = batches.stream().mapToInt(StageBenchmark::lines).sum();
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("bench", Map.of());
    Table table = ContractTableCreator.loadOrCreate(catalog, contract.table());
    Map<String, InputField> fields =
        contract.input().fields().stream()
            .collect(Collectors.toMap(InputField::name, Function.identity()));

    List<List<Record>> rowsPerBatch = new ArrayList<>();
    for (byte[] batch : batches) {
      rowsPerBatch.add(pipeline(batch, contract, table, fields, airports, false));
    }

    int validRows = rowsPerBatch.stream().mapToInt(List::size).sum();
    if (validRows == 0) {
      System.err.printf(
          "%s: none of its %d records meets the flights contract (the 200k set has only delay,"
              + " distance and time); use flights-2k/5k/10k/20k.json%n",
          data.flightsFile, records);
      return 1;
    }
    System.out.printf(
        "flights: %d records from %s (%d valid rows) in batches of %d; %d measured rounds after 2"
            + " warm-up rounds%n",
        records, data.flightsFile, validRows, batchSize, rounds);
    List<Double> pipelineRates = new ArrayList<>();
    List<Double> baselineRates = new ArrayList<>();
    for (int round = -2; round < rounds; round++) {
      long start = System.nanoTime();
      for (List<Record> rows : rowsPerBatch) {
        DataFileWriter.write(table, table.schema(), "baseline-" + round, rows);
      }
      double baseline = records / ((System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      for (byte[] batch : batches) {
        pipeline(batch, contract, table, fields, airports, true);
      }
      double pipeline = records / ((System.nanoTime() - start) / 1e9);
      if (round >= 0) {
        baselineRates.add(baseline);
        pipelineRates.add(pipeline);
      }
    }
    double baseline = median(baselineRates);
    double pipeline = median(pipelineRates);
    ResultRecorder result =
        new ResultRecorder(
            "stages", "Stage code per core: validate + enrich + write vs a raw Iceberg writer");
    System.out.printf(
        "raw Iceberg Parquet writer     : %,10.0f records/s per core (median)%n", baseline);
    System.out.printf(
        "validate + enrich + write      : %,10.0f records/s per core (median)%n", pipeline);
    System.out.printf(
        "ratio (pipeline / raw writer)  : %10.2f   (target >= 0.5)%n", pipeline / baseline);
    String rounds =
        "median of %d rounds, %d-record batches of %s"
            .formatted(this.rounds, batchSize, data.flightsFile);
    result
        .figure("raw Iceberg Parquet writer", baseline, "records/s per core", rounds)
        .figure("validate + enrich + write", pipeline, "records/s per core", rounds)
        .figure(
            "ratio (pipeline / raw writer)",
            pipeline / baseline,
            "ratio",
            pipeline / baseline >= 0.5 ? "target >= 0.5: met" : "target >= 0.5: MISSED");

    resetPeaks();
    pipeline(batches.get(0), contract, table, fields, airports, true);
    System.out.printf(
        "peak heap during one %,d-record batch: %d MB of %d MB max heap (Lambda: 1024 MB)%n",
        lines(batches.get(0)),
        peakHeapBytes() / (1024 * 1024),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    result.figure(
        "peak heap during one batch",
        peakHeapBytes() / (1024.0 * 1024.0),
        "MB",
        "%,d records; Lambda: 1024 MB".formatted(lines(batches.get(0))));
    result.write();
    return 0;
  }

  /** What one invocation does to one batch: parse, validate, enrich, and (if asked) write. */
  static List<Record> pipeline(
      byte[] ndjson,
      DataContract contract,
      Table table,
      Map<String, InputField> fields,
      ReferenceTable airports,
      boolean write) {
    List<RawRecord> raw =
        new RecordParser(fields).parse(new ByteArrayInputStream(ndjson), RecordFormat.NDJSON);
    Classification classified =
        new BatchClassifier(new RecordValidator(contract, (ref, key) -> airports.contains(key)))
            .classify(raw);
    RowEnricher enricher = new RowEnricher(contract, table.schema(), Map.of("airports", airports));
    List<Record> rows = new ArrayList<>(classified.valid().size());
    for (Classification.Valid v : classified.valid()) {
      RowEnricher.Result result = enricher.enrich(v.record(), "bench", v.position(), INGESTED);
      if (result.isRow()) {
        rows.add(result.row());
      }
    }
    if (write) {
      List<DataFile> files =
          DataFileWriter.write(table, table.schema(), "pipeline-" + System.nanoTime(), rows);
      if (files.isEmpty() && !rows.isEmpty()) {
        throw new IllegalStateException("no data files written");
      }
    }
    return rows;
  }

  List<byte[]> ndjsonBatches(ArrayNode flights) {
    return ndjsonBatches(flights, batchSize);
  }

  static List<byte[]> ndjsonBatches(ArrayNode flights, int batchSize) {
    List<byte[]> batches = new ArrayList<>();
    StringBuilder batch = new StringBuilder();
    int inBatch = 0;
    for (JsonNode flight : flights) {
      batch.append(flight).append('\n');
      if (++inBatch == batchSize) {
        batches.add(batch.toString().getBytes(StandardCharsets.UTF_8));
        batch.setLength(0);
        inBatch = 0;
      }
    }
    if (inBatch > 0) {
      batches.add(batch.toString().getBytes(StandardCharsets.UTF_8));
    }
    return batches;
  }

  static ReferenceTable airports(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    Map<String, Map<String, String>> rows = new HashMap<>();
    var reader =
        new com.fasterxml.jackson.dataformat.csv.CsvMapper()
            .readerFor(Map.class)
            .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader());
    try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it =
        reader.readValues(csv.toFile())) {
      while (it.hasNextValue()) {
        Map<String, String> row = it.nextValue();
        rows.put(row.get(header[0]), row);
      }
    }
    return new ReferenceTable("bench", rows);
  }

  private static int lines(byte[] ndjson) {
    int count = 0;
    for (byte b : ndjson) {
      if (b == '\n') {
        count++;
      }
    }
    return count;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }
}
