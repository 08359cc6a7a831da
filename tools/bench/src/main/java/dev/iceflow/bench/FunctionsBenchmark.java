package dev.iceflow.bench;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.bench.report.BenchResult.Kind;
import dev.iceflow.bench.report.BenchResult.Series;
import dev.iceflow.bench.report.ResultRecorder;
import dev.iceflow.bench.report.ResultsFolderOption;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.FunctionPackages;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.iceberg.util.Tasks;
import org.apache.iceberg.util.ThreadPools;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The packaged functions on the local Lambda platform: each function.zip's size, each function's
 * cold start (process start to its first Runtime API {@code next}, Lambda's init phase) started
 * alone, and the packaged commit function's first commits after its cold start against a table with
 * history: the first commit against the ones after it, each timed from the SQS send to the snapshot
 * in the catalog.
 */
@Command(
    name = "functions-benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Prints function.zip sizes, cold starts per function, and the packaged commit function's first vs steady commit latency.")
public final class FunctionsBenchmark implements Callable<Integer> {

  private static final String DATASET = "flights";
  private static final String COMMIT = "commit";
  private static final int RECORDS_PER_BATCH = 200;
  private static final int CHUNKS = 10;
  private static final double MIB = 1024.0 * 1024.0;
  private static final Duration COMMIT_WITHIN = Duration.ofMinutes(15);

  /** The commit function's own timeout is 60 s: a first commit beyond it would be killed. */
  private static final int MEASURED_TIMEOUT_SECONDS = 900;

  private static final String AIRPORTS_KEY = "airports/airports.csv";

  private static final String WARM_UP_VARIABLE = "ICEFLOW_COMMIT_WARM_UP_AT_INIT";

  /** CommitConfig's lookbackSnapshots default and AddedFiles' parallel readers. */
  private static final int LOOKBACK_SNAPSHOTS = 200;

  private static final int PARALLEL_READS = 16;
  private static final long POLL_MILLIS = 10;

  @Mixin FlightsData data;

  @Option(
      names = "--history",
      defaultValue = "200",
      description =
          "commits made (in this JVM, by the commit stage's own code) before the packaged function starts: the history its first commit meets (default: ${DEFAULT-VALUE})")
  int history;

  @Option(
      names = "--commits",
      defaultValue = "10",
      description =
          "commits sent to the packaged function, one at a time (default: ${DEFAULT-VALUE})")
  int commits;

  @Option(
      names = "--compare-native",
      description =
          "instead of cold starts and first commits: this function's JVM package against its native one (target/native/function.zip, mvn package -Pnative): zip size, cold start, first invocation, peak RSS")
  String compareNative;

  @Option(
      names = "--skip-cold-starts",
      description = "only the commit function's first vs steady commits")
  boolean skipColdStarts;

  @Mixin ResultsFolderOption out;

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    System.exit(new CommandLine(new FunctionsBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ProjectLayout layout = ProjectLayout.discover();
    ResultRecorder results =
        new ResultRecorder(
            "functions", "Packaged functions: function.zip sizes, cold starts, first commit");
    try (LocalAws aws = LocalAws.start(layout)) {
      zipSizes(aws, layout, results);
      if (compareNative != null) {
        compareNative(aws, layout, results);
        results.write(out.folder());
        return 0;
      }
      if (!skipColdStarts) {
        coldStarts(aws, layout, results);
      }
      firstCommits(aws, layout, results);
    }
    results.write(out.folder());
    return 0;
  }

  private static void zipSizes(LocalAws aws, ProjectLayout layout, ResultRecorder results)
      throws Exception {
    System.out.println("function.zip sizes:");
    List<Series> bars = new ArrayList<>();
    for (FunctionSpec spec : aws.contracts().topology().functions()) {
      Path zip = FunctionPackages.zipOf(layout.root(), spec);
      if (!Files.isRegularFile(zip)) {
        System.out.printf("  %-12s not built%n", spec.name());
        continue;
      }
      double mib = Files.size(zip) / MIB;
      System.out.printf("  %-12s %8.1f MiB%n", spec.name(), mib);
      results.figure("function.zip " + spec.name(), mib, "MiB", spec.module());
      bars.add(functionBar(spec, mib));
    }
    results.chart("zip-sizes", "function.zip size per function", Kind.BAR, "function", "MiB", bars);
  }

  private void compareNative(LocalAws aws, ProjectLayout layout, ResultRecorder results)
      throws Exception {
    FunctionSpec spec = aws.contracts().topology().function(compareNative).orElseThrow();
    try (S3Client s3 = aws.clients().s3()) {
      s3.putObject(
          r -> r.bucket(aws.provisioned().bucket("reference")).key(AIRPORTS_KEY),
          RequestBody.fromFile(data.airports()));
    }
    IngestBatchSource batches = IngestBatchSource.of(data.flights(), RECORDS_PER_BATCH);
    List<PackageComparison.Figures> figures =
        List.of(
            PackageComparison.measure(
                aws, spec, "jvm", FunctionPackages.jvmZipOf(layout.root(), spec), batches),
            PackageComparison.measure(
                aws, spec, "native", FunctionPackages.nativeZipOf(layout.root(), spec), batches));
    System.out.printf(
        "%s, JVM vs native (each alone; first invocation = one SQS event of %d records):%n",
        spec.name(), RECORDS_PER_BATCH);
    System.out.printf(
        "  %-7s %10s %16s %18s %14s%n",
        "package", "zip MiB", "cold start ms", "1st invocation ms", "peak RSS MiB");
    for (PackageComparison.Figures f : figures) {
      System.out.printf(
          "  %-7s %10.1f %16d %18d %14.1f%n",
          f.kind(),
          f.zipMib(),
          f.coldStartMillis(),
          f.firstInvocationMillis(),
          f.peakRssKib() / 1024.0);
      String what = spec.name() + " " + f.kind();
      results.figure("function.zip " + what, f.zipMib(), "MiB", f.kind() + " package");
      results.figure(
          "cold start " + what, f.coldStartMillis(), "ms", "process start -> first next");
      results.figure(
          "first invocation " + what, f.firstInvocationMillis(), "ms", "SQS event sent -> answer");
      results.figure(
          "peak RSS " + what, f.peakRssKib() / 1024.0, "MiB", "VmHWM after the first invocation");
    }
  }

  /**
   * A function's bar: its own series (so the legend names it) in the chart's one category, as the
   * chart format's x is a number, not a name.
   */
  private static Series functionBar(FunctionSpec spec, double value) {
    return new Series(spec.name(), List.<double[]>of(new double[] {0, value}));
  }

  /** Each function started alone, so one JVM's start does not slow another's. */
  private static void coldStarts(LocalAws aws, ProjectLayout layout, ResultRecorder results) {
    System.out.println("cold starts (each function alone: process start -> first next):");
    List<Series> bars = new ArrayList<>();
    for (FunctionSpec spec : aws.contracts().topology().functions()) {
      try (LocalPlatform platform = LocalPlatform.start(aws, layout, List.of(spec.name()))) {
        Long millis = platform.coldStartsMillis().get(spec.name() + "#0");
        if (millis == null) {
          continue;
        }
        System.out.printf("  %-12s %8d ms%n", spec.name(), millis);
        results.figure("cold start " + spec.name(), millis, "ms", "process start -> first next");
        bars.add(functionBar(spec, millis));
      }
    }
    results.chart(
        "cold-starts",
        "Cold start per function (each started alone)",
        Kind.BAR,
        "function",
        "ms",
        bars);
  }

  private void firstCommits(LocalAws aws, ProjectLayout layout, ResultRecorder results)
      throws Exception {
    DataContract contract = Contracts.packaged().dataset(DATASET).orElseThrow();
    try (S3Client s3 = aws.clients().s3();
        SqsClient sqs = aws.clients().sqs()) {
      Catalog catalog = aws.openCatalog();
      Table table = ContractTableCreator.loadOrCreate(catalog, contract.table());
      EnvelopeCodec codec = new EnvelopeCodec(aws.contracts().messages());
      StagedFlights staged =
          new StagedFlights(
              contract,
              table,
              s3,
              codec,
              StagedFlights.enrichedChunks(data, contract, RECORDS_PER_BATCH, CHUNKS));
      try (CommitStage stage = new CommitStage(aws)) {
        for (int c = 0; c < history; c++) {
          stage.process(staged.next(1));
        }
      }
      lookbackReads(catalog, contract, results);
      for (boolean warmUp : new boolean[] {false, true}) {
        firstCommits(aws, layout, sqs, table, staged, contract, warmUp, results);
      }
    }
  }

  /**
   * What a cold container's first commit reads before it can append: the added files of every
   * snapshot in the lookback window (a manifest list and a manifest each), one at a time (the
   * commit stage before) and {@value #PARALLEL_READS} at a time (after), each on a freshly loaded
   * table so nothing is cached.
   */
  private void lookbackReads(Catalog catalog, DataContract contract, ResultRecorder results) {
    TableIdentifier id = ContractTables.identifier(contract.table());
    long start = System.nanoTime();
    List<Snapshot> window = lookbackWindow(catalog.loadTable(id));
    window.forEach(s -> s.addedDataFiles(catalog.loadTable(id).io()));
    double serial = (System.nanoTime() - start) / 1e6;
    Table fresh = catalog.loadTable(id);
    ExecutorService pool = ThreadPools.newExitingWorkerPool("bench-lookback", PARALLEL_READS);
    start = System.nanoTime();
    Tasks.foreach(lookbackWindow(fresh))
        .executeWith(pool)
        .stopOnFailure()
        .throwFailureWhenFinished()
        .run(s -> s.addedDataFiles(fresh.io()));
    double parallel = (System.nanoTime() - start) / 1e6;
    pool.shutdown();
    System.out.printf(
        "reading the added files of the %d-snapshot lookback window: %.0f ms one at a time, %.0f ms %d at a time%n",
        window.size(), serial, parallel, PARALLEL_READS);
    results
        .figure(
            "lookback read, serial",
            serial,
            "ms",
            window.size() + " snapshots' manifest lists and manifests, one at a time (before)")
        .figure(
            "lookback read, parallel",
            parallel,
            "ms",
            window.size() + " snapshots, " + PARALLEL_READS + " at a time (after)");
  }

  private static List<Snapshot> lookbackWindow(Table table) {
    List<Snapshot> window = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (window.size() == LOOKBACK_SNAPSHOTS) {
        break;
      }
      window.add(snapshot);
    }
    return window;
  }

  /** A cold packaged commit function, its warm-up at init on or off, then commits one at a time. */
  private void firstCommits(
      LocalAws aws,
      ProjectLayout layout,
      SqsClient sqs,
      Table table,
      StagedFlights staged,
      DataContract contract,
      boolean warmUp,
      ResultRecorder results)
      throws Exception {
    table.refresh();
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    String label = warmUp ? "warm-up at init" : "no warm-up";
    System.out.printf(
        "the packaged commit function (%s) meets %s with %d snapshots:%n",
        label, contract.table().qualifiedName(), snapshots);
    String queue = aws.provisioned().queueUrl(COMMIT);
    List<double[]> points = new ArrayList<>();
    PlatformOptions options =
        PlatformOptions.defaults()
            .withTimeout(COMMIT, MEASURED_TIMEOUT_SECONDS)
            .withEnvironment(COMMIT, WARM_UP_VARIABLE, Boolean.toString(warmUp));
    long coldStart;
    try (LocalPlatform platform = LocalPlatform.start(aws, layout, List.of(COMMIT), options)) {
      coldStart = platform.coldStartsMillis().get(COMMIT + "#0");
      for (int c = 0; c < commits; c++) {
        SQSEvent event = staged.next(1);
        SQSMessage message = event.getRecords().get(0);
        String batchId = staged.batchIdOf(event);
        long start = System.nanoTime();
        sqs.sendMessage(
            r ->
                r.queueUrl(queue)
                    .messageBody(message.getBody())
                    .messageGroupId(contract.table().qualifiedName())
                    .messageDeduplicationId(batchId));
        awaitSnapshotOf(table, batchId);
        double millis = (System.nanoTime() - start) / 1e6;
        points.add(new double[] {c + 1, millis});
        System.out.printf("  commit %2d: %8.0f ms (send -> snapshot)%n", c + 1, millis);
      }
    }
    double first = points.get(0)[1];
    double steady =
        StageBenchmark.median(points.subList(1, points.size()).stream().map(p -> p[1]).toList());
    System.out.printf(
        "  cold start %d ms; first commit %.0f ms, then %.0f ms (median): the first costs %.0f ms more%n",
        coldStart, first, steady, first - steady);
    String suffix = " (" + label + ")";
    results
        .figure("commit cold start" + suffix, coldStart, "ms", "process start -> first next (init)")
        .figure(
            "first commit" + suffix,
            first,
            "ms",
            "send -> snapshot, on a table of " + snapshots + " snapshots")
        .figure("steady commit" + suffix, steady, "ms", "median of the commits after the first")
        .figure("first commit extra" + suffix, first - steady, "ms", "first - steady")
        .chart(
            "first-commits-" + (warmUp ? "warm-up" : "no-warm-up"),
            "The packaged commit function's commits after its cold start (" + label + ")",
            Kind.BAR,
            "commit",
            "ms (send -> snapshot)",
            List.of(new Series("commit latency", points)));
  }

  private static void awaitSnapshotOf(Table table, String batchId) throws InterruptedException {
    Instant deadline = Instant.now().plus(COMMIT_WITHIN);
    while (Instant.now().isBefore(deadline)) {
      table.refresh();
      Snapshot current = table.currentSnapshot();
      if (current != null && SnapshotSummaryKeys.batchIds(current.summary()).contains(batchId)) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException(
        "batch %s was not committed within %s".formatted(batchId, COMMIT_WITHIN));
  }
}
