package dev.iceflow.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.payload.TableCompactedV1;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.EventTap;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.local.reconciliation.DeadLetterCheck;
import dev.iceflow.local.reconciliation.QuarantineTally;
import dev.iceflow.local.reconciliation.Reconciliation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The end-to-end demo on real BTS flights: the packaged validation, enrichment, commit and
 * compaction functions on the local Lambda platform, batches published through SNS plus a file
 * dropped in the raw bucket, then a reconciliation of every record (table or quarantine, no
 * duplicates), the table's snapshots and files, freshness, a maintenance run (files and manifests
 * before and after, rows unchanged), a cost-guard tick and what the run cost by its ledger, a check
 * that every dead-letter queue is empty, and how to query the table from outside.
 */
public final class FlightsDemo {

  private static final String COST_GUARD = "cost-guard";

  private static final List<String> FUNCTIONS =
      List.of("validation", "enrichment", "commit", "compaction", COST_GUARD);

  private static final String DATASET = "flights";

  /**
   * In AWS, Lambda's metrics land in CloudWatch minutes late, so cost-guard reads up to 5 minutes
   * before its tick, in 5-minute steps. The local platform puts every invocation's metrics into
   * moto's CloudWatch at once: cost-guard reads up to its tick, in 1-minute steps, and its tick
   * after the run counts the run.
   */
  private static final Map<String, String> COST_GUARD_READS_AT_ONCE =
      Map.of(
          "ICEFLOW_COST_GUARD_METRICS_DELAY", "PT0S",
          "ICEFLOW_COST_GUARD_METRICS_GRANULARITY", "PT1M");

  /** cost-guard's reading is rounded down to the minute: the tick waits for the next one. */
  private static final ChronoUnit METRICS_STEP = ChronoUnit.MINUTES;

  /** Lets the platform's metrics publisher send the minute's last invocations (it batches). */
  private static final Duration METRICS_SENT_WITHIN = Duration.ofSeconds(2);

  /**
   * A tick takes seconds; the events the run published are counted as they come, and any left are
   * counted first: two minutes is ample.
   */
  private static final Duration COST_GUARD_WITHIN = Duration.ofMinutes(2);

  /**
   * The sweep's tick waits up to the compaction mapping's 30-second batching window, then the run
   * reads and rewrites the table: two minutes is ample on a laptop.
   */
  private static final Duration MAINTENANCE_WITHIN = Duration.ofMinutes(2);

  private static final String AIRPORTS_KEY = "airports/airports.csv";
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
  private static final int PUBLISH_PROGRESS_EVERY = 500;

  /** What to publish. */
  public record Options(
      Path data,
      String flightsFile,
      int records,
      int batchSize,
      int droppedRecords,
      Duration settle,
      PlatformOptions platform) {}

  private final LocalAws aws;
  private final ProjectLayout layout;
  private final PrintStream out;
  private int batchesPublished;

  public FlightsDemo(LocalAws aws, ProjectLayout layout, PrintStream out) {
    this.aws = aws;
    this.layout = layout;
    this.out = out;
  }

  /** Runs the demo; returns true when every published record is accounted for exactly once. */
  public boolean run(Options options) throws Exception {
    try (S3Client s3 = aws.clients().s3();
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs()) {
      s3.putObject(
          r -> r.bucket(aws.provisioned().bucket("reference")).key(AIRPORTS_KEY),
          RequestBody.fromFile(options.data().resolve("airports.csv")));
      out.printf(
          "Reference data: airports.csv -> s3://%s/%s%n",
          aws.provisioned().bucket("reference"), AIRPORTS_KEY);
      out.println(
          "Starting the packaged functions (function.zip, AWS's runtime interface client) ...");
      long started = System.nanoTime();
      try (LocalPlatform platform =
          LocalPlatform.start(aws, layout, FUNCTIONS, costGuardReadsAtOnce(options.platform()))) {
        out.printf(
            "  first instances up; cold starts (process start -> first next, ms): %s%n",
            platform.coldStartsMillis());
        EventPublisher publisher =
            new EventPublisher(
                sns,
                new EnvelopeCodec(aws.contracts().messages()),
                new TopicDirectory(aws.provisioned().topicArns()));
        DemoInput input =
            DemoInput.stream(
                options.data().resolve(options.flightsFile()),
                options.records(),
                options.batchSize(),
                options.droppedRecords(),
                batch -> publish(publisher, batch));
        if (input.droppedCsv != null) {
          String key = "incoming/flights/bts-demo-%d.csv".formatted(System.currentTimeMillis());
          s3.putObject(
              r -> r.bucket(aws.provisioned().bucket("raw")).key(key),
              RequestBody.fromString(input.droppedCsv));
          out.printf(
              "Dropped s3://%s/%s (%d records)%n",
              aws.provisioned().bucket("raw"), key, options.droppedRecords());
        }
        out.printf(
            "Published %d flights in %d ingest.batch messages through SNS (+ the dropped file), %d of them broken on purpose%n",
            input.published, input.batches, input.broken);

        Catalog catalog = aws.openCatalog();
        TableSpec tableSpec = aws.contracts().dataset("flights").orElseThrow().table();
        Table table = ContractTableCreator.loadOrCreate(catalog, tableSpec);
        QuarantineTally quarantine =
            new QuarantineTally(s3, aws.provisioned().bucket("quarantine"));
        boolean settled = awaitAccounted(table, quarantine, input.published, options.settle());
        Reconciliation result = Reconciliation.of(table, quarantine);
        double seconds = (System.nanoTime() - started) / 1e9;
        boolean ok =
            settled && result.accountsFor(input.published) && result.quarantined() >= input.broken;
        report(input, result, seconds, ok, tableSpec);
        ok &= maintain(platform, table, quarantine, input.published);
        ok &= tickCostGuard(platform, sqs);
        ok &= noDeadLetters(sqs);
        printCost();
        out.println();
        out.println(QueryHints.text(aws, tableSpec));
        out.printf(
            "Function instances used and their cold starts (ms): %s%n",
            platform.coldStartsMillis());
        return ok;
      }
    }
  }

  private static PlatformOptions costGuardReadsAtOnce(PlatformOptions options) {
    PlatformOptions withEnvironment = options;
    for (Map.Entry<String, String> variable : COST_GUARD_READS_AT_ONCE.entrySet()) {
      withEnvironment =
          withEnvironment.withEnvironment(COST_GUARD, variable.getKey(), variable.getValue());
    }
    return withEnvironment;
  }

  private void publish(EventPublisher publisher, Envelope batch) {
    publisher.publish("ingest", batch);
    batchesPublished++;
    if (batchesPublished % PUBLISH_PROGRESS_EVERY == 0) {
      out.printf("  ... %,d ingest.batch messages published%n", batchesPublished);
    }
  }

  private boolean awaitAccounted(Table table, QuarantineTally tally, int published, Duration settle)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(settle);
    long rows = 0;
    long quarantined = 0;
    while (Instant.now().isBefore(deadline)) {
      rows = Reconciliation.rowsOnly(table);
      quarantined = tally.count();
      out.printf(
          "  ... %,d rows committed + %,d quarantined of %,d published%n",
          rows, quarantined, published);
      if (rows + quarantined >= published) {
        return true;
      }
      Thread.sleep(PROGRESS_EVERY.toMillis());
    }
    out.printf(
        "Not every record was accounted for within %s (%d rows + %d quarantined of %d)%n",
        settle, rows, quarantined, published);
    return false;
  }

  private void report(
      DemoInput input, Reconciliation r, double seconds, boolean ok, TableSpec table) {
    out.println();
    out.println("Reconciliation");
    out.printf("  published            %,8d%n", input.published);
    out.printf("  rows in the table    %,8d%n", r.rows());
    out.printf(
        "  quarantined          %,8d   (broken on purpose: %d)%n", r.quarantined(), input.broken);
    if (r.quarantined() > input.broken) {
      out.printf(
          "  of which %,d from the source data itself: the contract rejected them (reasons in the quarantine bucket)%n",
          r.quarantined() - input.broken);
    }
    out.printf("  duplicate rows       %,8d%n", r.duplicates());
    out.printf(
        "  => %s%n", ok ? "every record accounted for exactly once" : "RECONCILIATION FAILED");
    out.println();
    out.printf(
        "Table %s: %d snapshots, %d data files; freshness (publish -> committed snapshot) p50 %d ms, p99 %d ms; wall time %.1f s%n",
        table.qualifiedName(),
        r.snapshots(),
        r.dataFiles(),
        r.percentile(50),
        r.percentile(99),
        seconds);
  }

  /**
   * Fires cost-guard's schedule as EventBridge would, once the minute of the run's last invocations
   * is over (so its reading covers them), and waits until its queue is drained: every pipeline
   * event counted, CloudWatch read, the budgets re-evaluated.
   */
  private boolean tickCostGuard(LocalPlatform platform, SqsClient sqs) throws InterruptedException {
    out.println();
    Instant nextMinute = Instant.now().truncatedTo(METRICS_STEP).plus(1, METRICS_STEP);
    out.printf(
        "Cost: %s fires at %s (every 15 minutes in AWS); cost-guard reads the run's Lambda metrics from CloudWatch and re-evaluates the budgets ...%n",
        Schedules.COST_GUARD_TICK, nextMinute.truncatedTo(ChronoUnit.SECONDS));
    Thread.sleep(
        Math.max(
            0, Duration.between(Instant.now(), nextMinute).plus(METRICS_SENT_WITHIN).toMillis()));
    platform.fireSchedule(Schedules.COST_GUARD_TICK);
    String queue =
        aws.contracts().topology().schedule(Schedules.COST_GUARD_TICK).orElseThrow().queue();
    if (!QueueDrain.await(sqs, aws.provisioned().queueUrl(queue), COST_GUARD_WITHIN)) {
      out.printf(
          "  %s still held messages after %s: COST-GUARD FAILED%n", queue, COST_GUARD_WITHIN);
      return false;
    }
    out.printf("  %s drained: the run's events counted, CloudWatch read%n", queue);
    return true;
  }

  /** True when every dead-letter queue is empty; prints the ones that are not. */
  private boolean noDeadLetters(SqsClient sqs) {
    List<DeadLetterCheck.Depth> parked =
        DeadLetterCheck.depths(aws, sqs).stream().filter(d -> d.messages() > 0).toList();
    out.println();
    if (parked.isEmpty()) {
      out.println("Dead-letter queues: all empty");
      return true;
    }
    out.println("Dead-letter queues: NOT EMPTY");
    parked.forEach(d -> out.printf("  %-32s %,6d   (%s)%n", d.queue(), d.messages(), d.holds()));
    return false;
  }

  private void printCost() {
    try (DynamoDbClient dynamo = aws.clients().configure(DynamoDbClient.builder()).build()) {
      Clock clock = Clock.systemUTC();
      CostSummary summary =
          CostSummary.read(
              new CostLedger(dynamo, aws.provisioned().ledger(Ledgers.COST), clock),
              aws.contracts(),
              aws.contracts().prices(LocalAws.REGION),
              DATASET,
              BudgetPeriod.containing(clock.instant()));
      out.println();
      summary.lines(OpsHints.costReport()).forEach(out::println);
    }
  }

  /**
   * Fires the maintenance schedule as EventBridge would, waits for the run's table.compacted and
   * shows what a query engine gains; true when the rows are the same and still each once.
   */
  private boolean maintain(
      LocalPlatform platform, Table table, QuarantineTally quarantine, int published) {
    out.println();
    out.printf(
        "Maintenance: %s fires (hourly in AWS); compaction bin-packs small files, rewrites manifests, expires snapshots, removes orphans ...%n",
        Schedules.COMPACTION_SWEEP);
    TableShape before = TableShape.of(table);
    Optional<JsonNode> run;
    try (EventTap tap = EventTap.open(aws, MessageType.TABLE_COMPACTED.wireName())) {
      platform.fireSchedule(Schedules.COMPACTION_SWEEP);
      run =
          tap.await(
              data ->
                  TableCompactedV1.TRIGGER_SCHEDULE.equals(data.path("trigger").asText())
                      && table.name().endsWith(data.path("table").path("name").asText()),
              MAINTENANCE_WITHIN);
    }
    if (run.isEmpty()) {
      out.printf("  no table.compacted for %s within %s%n", table.name(), MAINTENANCE_WITHIN);
      return false;
    }
    JsonNode report = run.get();
    TableShape after = TableShape.of(table);
    Reconciliation recheck = Reconciliation.of(table, quarantine);
    boolean same = after.rows() == before.rows() && recheck.accountsFor(published);
    out.printf(
        "  data files     %,6d -> %,6d   (%d rewritten into %d, in %d partitions)%n",
        before.dataFiles(),
        after.dataFiles(),
        report.path("rewrittenFiles").asInt(),
        report.path("addedFiles").asInt(),
        report.path("partitionReports").size());
    out.printf(
        "  average file   %,6d -> %,6d bytes%n",
        before.dataBytes() / Math.max(1, before.dataFiles()),
        after.dataBytes() / Math.max(1, after.dataFiles()));
    out.printf("  data manifests %,6d -> %,6d%n", before.dataManifests(), after.dataManifests());
    out.printf(
        "  rows           %,6d -> %,6d   (%s)%n",
        before.rows(), after.rows(), same ? "unchanged, each once" : "CHANGED: MAINTENANCE FAILED");
    out.printf(
        "  snapshots expired %d, orphan files removed %d, groups failed %d, %d ms%n",
        report.path("expiredSnapshots").asInt(),
        report.path("orphanFilesRemoved").asInt(),
        report.path("failedGroups").asInt(),
        report.path("durationMs").asLong());
    return same;
  }
}
