package dev.iceflow.bench.steady;

import dev.iceflow.bench.FlightsData;
import dev.iceflow.bench.IngestBatchSize;
import dev.iceflow.bench.IngestBatchSource;
import dev.iceflow.bench.emulator.MessagePathCeiling;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Steady-load freshness: the packaged validation, enrichment and commit functions on the local
 * Lambda platform, offered real flights at constant rates, each level published on a fixed schedule
 * after an unreported warm-up level. Per level: freshness (publish → committed snapshot)
 * percentiles, achieved vs offered rate, whether the queues or the freshness grew, where a batch's
 * time went (from the functions' spans), and which process was busy. Beside it, on the same
 * emulator before any function runs, the bare message path's ceiling.
 */
@Command(
    name = "steady",
    mixinStandardHelpOptions = true,
    description =
        "Offers the packaged functions constant loads and reports freshness p50/p95/p99, achieved vs offered rate, queue growth, the stage breakdown and the maximum sustainable rate.")
public final class SteadyBenchmark implements Callable<Integer> {

  private static final List<String> FUNCTIONS = StageTimeline.STAGES;
  private static final List<String> QUEUES = List.of("validation-ingest", "enrichment", "commit");
  private static final String AIRPORTS_KEY = "airports/airports.csv";

  /**
   * Iceberg's log line for a table loaded through the catalog (a catalog read and a metadata.json
   * get).
   */
  private static final String TABLE_LOADED = "Table loaded by catalog";

  private static final Duration DRAIN_POLL = Duration.ofSeconds(1);
  private static final int TARGET_LEVEL = 2_000;
  private static final double TARGET_P50_SECONDS = 3;
  private static final double TARGET_P99_SECONDS = 10;
  private static final double TARGET_CEILING_SHARE = 0.5;
  private static final int CEILING_PUBLISHERS = 2;

  @Mixin FlightsData data;

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "500,2000,5000",
      description =
          "offered loads in records/s, one level each, in order (default: ${DEFAULT-VALUE})")
  List<Integer> rates;

  @Option(
      names = "--duration",
      defaultValue = "60",
      description = "seconds each level is offered for (default: ${DEFAULT-VALUE})")
  int levelSeconds;

  @Option(
      names = "--warm-up",
      defaultValue = "20",
      description =
          "seconds of the unreported warm-up level, at the first rate (default: ${DEFAULT-VALUE})")
  int warmUpSeconds;

  @Option(
      names = "--drain",
      defaultValue = "60",
      description =
          "seconds after a level to wait for its batches to be committed before the next (default: ${DEFAULT-VALUE})")
  int drainSeconds;

  @Mixin IngestBatchSize batch;

  @Option(
      names = "--publishers",
      defaultValue = "4",
      description = "threads publishing on the schedule (default: ${DEFAULT-VALUE})")
  int publishers;

  @Option(
      names = "--ceiling-duration",
      defaultValue = "10",
      description =
          "seconds the bare message path is measured for before the functions start; 0 skips it (default: ${DEFAULT-VALUE})")
  int ceilingSeconds;

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    System.exit(new CommandLine(new SteadyBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (rates.stream().anyMatch(r -> r < 1) || levelSeconds < 1 || batch.records() < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "rates, --duration and --batch must be positive");
    }
    SteadyReport report = new SteadyReport(rates, levelSeconds, batch.records());
    IngestBatchSource batches = IngestBatchSource.of(data.flights(), batch.records());
    ProjectLayout layout = ProjectLayout.discover();
    System.out.println("steady: starting a fresh embedded AWS (moto server) ...");
    try (LocalAws aws = LocalAws.start(layout);
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs();
        S3Client s3 = aws.clients().s3()) {
      if (ceilingSeconds > 0) {
        MessagePathCeiling.Rates ceiling =
            MessagePathCeiling.measure(
                aws,
                batches.batch("ceiling", 0, Instant.now()),
                batch.records(),
                CEILING_PUBLISHERS,
                Duration.ofSeconds(ceilingSeconds));
        report.ceiling(ceiling.deliveredRecordsPerSecond());
        System.out.printf(
            "bare message path on this emulator: %,.0f records/s (%,.1f messages/s)%n",
            ceiling.deliveredRecordsPerSecond(), ceiling.deliveredPerSecond());
      }
      s3.putObject(
          r -> r.bucket(aws.provisioned().bucket("reference")).key(AIRPORTS_KEY),
          RequestBody.fromFile(data.airports()));
      System.out.println("starting the packaged functions (validation, enrichment, commit) ...");
      try (LocalPlatform platform =
              LocalPlatform.start(aws, layout, FUNCTIONS, PlatformOptions.defaults());
          PacedPublisher publisher =
              new PacedPublisher(
                  new EventPublisher(
                      sns,
                      new EnvelopeCodec(aws.contracts().messages()),
                      new TopicDirectory(aws.provisioned().topicArns())),
                  batches,
                  Long.toString(System.currentTimeMillis(), 36),
                  publishers);
          QueueDepthSampler depths = new QueueDepthSampler(sqs, queueUrls(aws)).start()) {
        report.coldStarts(platform.coldStartsMillis());
        TableSpec spec = aws.contracts().dataset("flights").orElseThrow().table();
        CommittedBatches committed =
            new CommittedBatches(ContractTableCreator.loadOrCreate(aws.openCatalog(), spec));
        Optional<PublishedBatch> firstBatch = warmUp(publisher, committed);
        List<Level> levels = new ArrayList<>();
        for (int rate : rates) {
          levels.add(level(rate, publisher, committed, platform));
        }
        StageTimeline timeline = StageTimeline.read(aws.runDirectory());
        List<FunctionLogs.Line> commitLog = FunctionLogs.read(aws.runDirectory(), "commit");
        List<FunctionLogs.Line> enrichmentLog = FunctionLogs.read(aws.runDirectory(), "enrichment");
        for (Level l : levels) {
          report.level(
              LevelOutcome.of(
                  l.rate,
                  levelSeconds,
                  l.startMillis,
                  l.endMillis,
                  l.published,
                  committed,
                  depths.between(l.startMillis, l.endMillis),
                  timeline,
                  l.coresUsed,
                  CommitInternals.of(commitLog, l.startMillis, l.drainedMillis)),
              FunctionLogs.count(enrichmentLog, TABLE_LOADED, l.startMillis, l.drainedMillis));
        }
        firstBatch.ifPresent(
            first ->
                committed
                    .refresh()
                    .of(first.batchId())
                    .ifPresent(
                        c ->
                            report.firstCommit(
                                (c.timestampMillis() - first.publishedAtMillis()) / 1000.0)));
        report.queueDepths(depths);
      }
      System.out.printf("run folder (spans, function logs): %s%n", aws.runDirectory());
    }
    report.finish(TARGET_LEVEL, TARGET_P50_SECONDS, TARGET_P99_SECONDS, TARGET_CEILING_SHARE);
    return 0;
  }

  /** A level as run: its batches and the window they were published in. */
  private record Level(
      int rate,
      List<PublishedBatch> published,
      long startMillis,
      long endMillis,
      long drainedMillis,
      Map<String, Double> coresUsed) {}

  private Level level(
      int rate, PacedPublisher publisher, CommittedBatches committed, LocalPlatform platform)
      throws Exception {
    System.out.printf("level %,d records/s for %d s ...%n", rate, levelSeconds);
    Map<String, Long> pids = functionPids(platform);
    Map<String, Double> cpuBefore = ProcessCpu.read(pids);
    long start = System.currentTimeMillis();
    List<PublishedBatch> published = publisher.run(rate, Duration.ofSeconds(levelSeconds));
    long end = System.currentTimeMillis();
    Map<String, Double> cores =
        ProcessCpu.coresUsed(cpuBefore, ProcessCpu.read(pids), (end - start) / 1000.0);
    boolean drained = drain(published, committed);
    long drainedAt = System.currentTimeMillis();
    System.out.printf(
        "  published %d batches in %.1f s; %s%n",
        published.size(),
        (end - start) / 1000.0,
        drained ? "all committed" : "NOT all committed within the drain");
    return new Level(rate, published, start, end, drainedAt, cores);
  }

  /** Runs the unreported warm-up level; returns its first batch (the first commit's latency). */
  private Optional<PublishedBatch> warmUp(PacedPublisher publisher, CommittedBatches committed)
      throws Exception {
    if (warmUpSeconds <= 0) {
      return Optional.empty();
    }
    int rate = rates.get(0);
    System.out.printf("warm-up (not reported): %,d records/s for %d s ...%n", rate, warmUpSeconds);
    List<PublishedBatch> published = publisher.run(rate, Duration.ofSeconds(warmUpSeconds));
    System.out.printf(
        "  %s%n",
        drain(published, committed) ? "all committed" : "NOT all committed within the drain");
    return published.stream().min(Comparator.comparingLong(PublishedBatch::publishedAtMillis));
  }

  /** Waits until every batch is in a snapshot, up to the drain; true when they all are. */
  private boolean drain(List<PublishedBatch> published, CommittedBatches committed)
      throws InterruptedException {
    long until = System.currentTimeMillis() + 1000L * drainSeconds;
    while (!committed.refresh().allCommitted(published)) {
      if (System.currentTimeMillis() > until) {
        return false;
      }
      Thread.sleep(DRAIN_POLL.toMillis());
    }
    return true;
  }

  private static Map<String, Long> functionPids(LocalPlatform platform) {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String function : FUNCTIONS) {
      var instances = platform.instances(function);
      for (int i = 0; i < instances.size(); i++) {
        pids.put(instances.size() == 1 ? function : function + "#" + i, instances.get(i).pid());
      }
    }
    return pids;
  }

  private static Map<String, String> queueUrls(LocalAws aws) {
    Map<String, String> urls = new LinkedHashMap<>();
    QUEUES.forEach(q -> urls.put(q, aws.provisioned().queueUrl(q)));
    return urls;
  }
}
