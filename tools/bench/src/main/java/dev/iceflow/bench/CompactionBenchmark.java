package dev.iceflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.iceflow.bench.report.ResultRecorder;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.compaction.CompactionConfig;
import dev.iceflow.compaction.DataFileCompaction;
import dev.iceflow.compaction.ManifestCompaction;
import dev.iceflow.compaction.RunDeadline;
import dev.iceflow.compaction.rewrite.RewriteRunnerFactory;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.enrichment.DataFileWriter;
import dev.iceflow.iceberg.ContractTableCreator;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The compaction function's rewrite (Iceberg's bin-pack planner, the generic Parquet runner, a
 * commit per group, then the manifest rewrite) on a flights table made as the pipeline makes it: a
 * commit per batch of real BTS flights, so small files and a manifest per commit. Against a
 * baseline measured in the same run on the same table: Iceberg reading every row and writing it
 * once through the same Parquet writer the pipeline uses, with no planning and no commit. Then
 * Iceberg's own scan planning of a filtered query, and reading its rows, before and after.
 * Single-threaded: MB/s per core (of Parquet bytes, compressed).
 */
@Command(
    name = "compaction-benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Prints MB/s rewritten per core by compaction vs a raw Iceberg read + write, files and manifests before and after, and scan-planning time before and after.")
public final class CompactionBenchmark implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MIB = 1024.0 * 1024.0;
  private static final int PLANNING_RUNS = 15;

  @Mixin FlightsData data;

  @Option(
      names = "--batch",
      defaultValue = "200",
      description = "records per commit, as the pipeline commits them (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--copies",
      defaultValue = "5",
      description =
          "times the flights are loaded, each copy a further commit per batch (default: ${DEFAULT-VALUE})")
  int copies;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "measured rounds after 1 warm-up round (default: ${DEFAULT-VALUE})")
  int rounds;

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    System.exit(new CommandLine(new CompactionBenchmark()).execute(args));
  }

  /** One round's figures. */
  private record Round(
      long filesBefore,
      long filesAfter,
      int manifestsBefore,
      int manifestsAfter,
      long bytesRewritten,
      double compactionSeconds,
      double baselineSeconds,
      double planningMsBefore,
      double planningMsAfter,
      double readMsBefore,
      double readMsAfter,
      long tasksBefore,
      long tasksAfter) {}

  @Override
  public Integer call() throws Exception {
    DataContract contract = Contracts.packaged().dataset("flights").orElseThrow();
    MaintenanceSpec maintenance = contract.maintenanceOrDefaults();
    List<List<Record>> batches = enrichedBatches(contract);
    long rows = batches.stream().mapToLong(List::size).sum() * copies;
    System.out.printf(
        "compaction: %,d rows of %s, a commit per %d records (%d commits), %d measured rounds after 1 warm-up; target %d MiB, min input files %d, manifest threshold %d%n",
        rows,
        data.flightsFile,
        batchSize,
        batches.size() * copies,
        rounds,
        maintenance.targetFileSizeBytes() >> 20,
        maintenance.minInputFiles(),
        maintenance.manifestRewriteThreshold());
    List<Round> measured = new ArrayList<>();
    for (int round = -1; round < rounds; round++) {
      Round r = round(contract, maintenance, batches);
      if (round >= 0) {
        measured.add(r);
      }
    }
    Round first = measured.get(0);
    double compaction = median(measured, r -> r.bytesRewritten() / MIB / r.compactionSeconds());
    double baseline = median(measured, r -> r.bytesRewritten() / MIB / r.baselineSeconds());
    double planBefore = median(measured, Round::planningMsBefore);
    double planAfter = median(measured, Round::planningMsAfter);
    System.out.printf(
        "data files                       : %,8d -> %,8d%n",
        first.filesBefore(), first.filesAfter());
    System.out.printf(
        "data manifests                   : %,8d -> %,8d%n",
        first.manifestsBefore(), first.manifestsAfter());
    System.out.printf(
        "bytes rewritten                  : %,8.1f MiB%n", first.bytesRewritten() / MIB);
    System.out.printf(
        "raw Iceberg read + write         : %8.1f MiB/s per core (median)%n", baseline);
    System.out.printf(
        "compaction (plan, rewrite, commit, manifests): %8.1f MiB/s per core (median)%n",
        compaction);
    System.out.printf("ratio (compaction / raw)         : %8.2f%n", compaction / baseline);
    System.out.printf(
        "scan planning, filtered query    : %8.2f ms -> %8.2f ms (%d -> %d file tasks), %.1fx faster%n",
        planBefore, planAfter, first.tasksBefore(), first.tasksAfter(), planBefore / planAfter);
    double readBefore = median(measured, Round::readMsBefore);
    double readAfter = median(measured, Round::readMsAfter);
    System.out.printf(
        "reading its rows, filtered query : %8.2f ms -> %8.2f ms, %.1fx faster%n",
        readBefore, readAfter, readBefore / readAfter);
    System.out.printf(
        "one 600 s invocation (540 s of rewriting, one thread) rewrites about %,.0f MiB at this rate%n",
        compaction * 540);
    String medians = "median of %d rounds".formatted(rounds);
    new ResultRecorder(
            "compaction",
            "Compaction's rewrite vs a raw Iceberg read + write, and what queries gain")
        .figure(
            "data files before",
            first.filesBefore(),
            "files",
            "a commit per %d records".formatted(batchSize))
        .figure("data files after", first.filesAfter(), "files", "")
        .figure("data manifests before", first.manifestsBefore(), "manifests", "")
        .figure("data manifests after", first.manifestsAfter(), "manifests", "")
        .figure("bytes rewritten", first.bytesRewritten() / MIB, "MiB", "")
        .figure("raw Iceberg read + write", baseline, "MiB/s per core", medians)
        .figure(
            "compaction (plan, rewrite, commit, manifests)", compaction, "MiB/s per core", medians)
        .figure("ratio (compaction / raw)", compaction / baseline, "ratio", "")
        .figure(
            "scan planning before",
            planBefore,
            "ms",
            "filtered query, %d file tasks".formatted(first.tasksBefore()))
        .figure(
            "scan planning after", planAfter, "ms", "%d file tasks".formatted(first.tasksAfter()))
        .figure("reading the query's rows before", readBefore, "ms", "")
        .figure("reading the query's rows after", readAfter, "ms", "")
        .figure(
            "one 600 s invocation rewrites",
            compaction * 540,
            "MiB",
            "540 s of rewriting, one thread")
        .write();
    return 0;
  }

  private Round round(
      DataContract contract, MaintenanceSpec maintenance, List<List<Record>> batches)
      throws IOException {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("bench", Map.of());
    Table table = ContractTableCreator.loadOrCreate(catalog, contract.table());
    for (int copy = 0; copy < copies; copy++) {
      for (int b = 0; b < batches.size(); b++) {
        List<DataFile> files =
            DataFileWriter.write(table, table.schema(), "load-" + copy + "-" + b, batches.get(b));
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
      }
    }
    long filesBefore = total(table, SnapshotSummary.TOTAL_DATA_FILES_PROP);
    long bytesBefore = total(table, SnapshotSummary.TOTAL_FILE_SIZE_PROP);
    int manifestsBefore = ManifestCompaction.dataManifests(table);
    Expression query = filteredQuery();
    long tasksBefore = tasks(table, query);
    double planningBefore = planningMillis(table, query);
    double readBefore = readMillis(table, query);

    long start = System.nanoTime();
    List<Record> all = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
      read.forEach(all::add);
    }
    DataFileWriter.write(table, table.schema(), "baseline", all);
    double baselineSeconds = (System.nanoTime() - start) / 1e9;
    all.clear();

    start = System.nanoTime();
    DataFileCompaction.Result rewritten =
        new DataFileCompaction(functionDefaults(), RewriteRunnerFactory.GENERIC)
            .compact(
                table,
                maintenance,
                "bench",
                RunDeadline.after(Duration.ofHours(1), Clock.systemUTC()));
    new ManifestCompaction().compact(table, maintenance.manifestRewriteThreshold(), "bench");
    double compactionSeconds = (System.nanoTime() - start) / 1e9;
    if (rewritten.failedGroups() > 0) {
      throw new IllegalStateException(rewritten.failedGroups() + " group(s) failed");
    }
    long bytesRewritten = rewritten.partitions().stream().mapToLong(p -> p.bytesBefore()).sum();
    if (bytesRewritten == 0) {
      throw new IllegalStateException(
          "nothing was rewritten: no partition of the loaded table crossed the contract's thresholds");
    }
    return new Round(
        filesBefore,
        total(table, SnapshotSummary.TOTAL_DATA_FILES_PROP),
        manifestsBefore,
        ManifestCompaction.dataManifests(table),
        Math.min(bytesRewritten, bytesBefore),
        compactionSeconds,
        baselineSeconds,
        planningBefore,
        planningMillis(table, query),
        readBefore,
        readMillis(table, query),
        tasksBefore,
        tasks(table, query));
  }

  /** Flights from one airport in one week: what a dashboard asks. */
  private static Expression filteredQuery() {
    LocalDateTime from = LocalDateTime.of(2001, 2, 1, 0, 0);
    return Expressions.and(
        Expressions.equal("origin", "SFO"),
        Expressions.and(
            Expressions.greaterThanOrEqual("event_time", from.toString()),
            Expressions.lessThan("event_time", from.plusDays(7).toString())));
  }

  /** Median time of Iceberg's own scan planning (manifests read, files pruned) for the query. */
  private static double planningMillis(Table table, Expression query) throws IOException {
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < PLANNING_RUNS; i++) {
      long start = System.nanoTime();
      tasks(table, query);
      runs.add((System.nanoTime() - start) / 1e6);
    }
    return StageBenchmark.median(runs);
  }

  /** Median time to read the query's rows: a file opened per task, the cost small files add. */
  private static double readMillis(Table table, Expression query) throws IOException {
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < PLANNING_RUNS; i++) {
      long start = System.nanoTime();
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(query).build()) {
        rows.forEach(row -> {});
      }
      runs.add((System.nanoTime() - start) / 1e6);
    }
    return StageBenchmark.median(runs);
  }

  private static long tasks(Table table, Expression query) throws IOException {
    long count = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(query).planFiles()) {
      for (FileScanTask ignored : tasks) {
        count++;
      }
    }
    return count;
  }

  private List<List<Record>> enrichedBatches(DataContract contract) throws Exception {
    ReferenceTable airports = StageBenchmark.airports(data.airports());
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("rows", Map.of());
    Table table = ContractTableCreator.loadOrCreate(catalog, contract.table());
    Map<String, InputField> fields =
        contract.input().fields().stream()
            .collect(Collectors.toMap(InputField::name, Function.identity()));
    List<List<Record>> batches = new ArrayList<>();
    for (byte[] batch :
        StageBenchmark.ndjsonBatches(
            (ArrayNode) JSON.readTree(data.flights().toFile()), batchSize)) {
      batches.add(StageBenchmark.pipeline(batch, contract, table, fields, airports, false));
    }
    return batches;
  }

  private static long total(Table table, String property) {
    table.refresh();
    return Long.parseLong(table.currentSnapshot().summary().getOrDefault(property, "0"));
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
    return StageBenchmark.median(rounds.stream().map(r -> f.applyAsDouble(r)).toList());
  }

  /** The compaction function's own defaults, read as it reads them (@WithDefault). */
  private static CompactionConfig functionDefaults() {
    return new SmallRyeConfigBuilder()
        .withMapping(CompactionConfig.class)
        .build()
        .getConfigMapping(CompactionConfig.class);
  }
}
