package dev.iceflow.e2e;

import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.FunctionInstance;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.local.reconciliation.QuarantineTally;
import dev.iceflow.local.reconciliation.Reconciliation;
import dev.iceflow.testkit.aws.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One seeded fault run: real flights published through SNS to the packaged functions on the local
 * platform while the plan's faults are injected, then, once every queue is quiet, a reconciliation
 * of every record (rows + quarantined = records in, no (batch id, position) twice, every value as
 * an independent recomputation has it) and of every bad message (parked with its reason).
 */
final class FaultRun {

  private static final String DATASET = "flights";
  private static final List<String> STAGES = List.of("validation", "enrichment", "commit");
  private static final String COMPACTION = "compaction";

  /** Compaction's batching window, down from 30 s: the sweeps the run fires run while it loads. */
  private static final int COMPACTION_WINDOW_S = 2;

  /** Flights in the oversized batch: about 100 bytes each, well over SNS's 256 KiB. */
  private static final int OVERSIZED_RECORDS = 3_000;

  /** The kills' pace: one every this many to twice this many milliseconds while the load runs. */
  private static final int KILL_EVERY_MS = 4_000;

  private static final Duration BUSY_WITHIN = Duration.ofSeconds(3);
  private static final long POLL_MILLIS = 1_000;

  private final LocalAws aws;
  private final FaultPlan plan;
  private final String runId;
  private final Map<Fault, Long> injected = new EnumMap<>(Fault.class);

  private FaultRun(LocalAws aws, FaultPlan plan) {
    this.aws = aws;
    this.plan = plan;
    this.runId = "faults-%x-%s".formatted(plan.seed(), Long.toString(System.nanoTime(), 36));
  }

  static FaultRunResult run(LocalAws aws, FaultPlan plan) throws Exception {
    return new FaultRun(aws, plan).run();
  }

  private FaultRunResult run() throws Exception {
    Fixtures.uploadAirports(aws);
    FaultLoad load = FaultLoad.of(plan.random("load"), runId, plan.batches(), plan.batchRecords());
    PublishedBatch oversized =
        plan.has(Fault.OVERSIZED) ? load.add(runId + "-big", OVERSIZED_RECORDS) : null;
    List<String> functions = new ArrayList<>(STAGES);
    if (plan.has(Fault.COMPACTION_RACE)) {
      functions.add(COMPACTION);
    }
    Catalog catalog = aws.openCatalog();
    Table table =
        ContractTableCreator.loadOrCreate(
            catalog, Contracts.packaged().dataset(DATASET).orElseThrow().table());
    table.refresh();
    Instant started = Instant.now();
    BadMessages bad = new BadMessages(aws);
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicLong kills = new AtomicLong();
    try (LocalPlatform platform =
            LocalPlatform.start(aws, ProjectLayout.discover(), functions, options());
        SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs();
        S3Client s3 = aws.clients().s3()) {
      EventPublisher publisher = Pipeline.publisher(aws, sns);
      Thread killer = null;
      if (plan.has(Fault.MID_BATCH_KILL)) {
        killer = new Thread(() -> kill(platform, loading, kills), "fault-killer");
        killer.start();
      }
      publish(load, oversized, publisher, sns, bad, platform);
      QuarantineTally quarantine =
          new QuarantineTally(
              s3, aws.provisioned().bucket("quarantine"), load.batches::containsKey);
      Instant deadline = Instant.now().plus(settle());
      while (Instant.now().isBefore(deadline)
          && !(accounted(table, quarantine, load) && bad.allParked())) {
        Thread.sleep(POLL_MILLIS);
      }
      loading.set(false);
      if (killer != null) {
        killer.join();
      }
      Awaits.awaitQuiet(sqs, Pipeline.queuesOf(aws, functions.toArray(String[]::new)));
      injected.put(Fault.MID_BATCH_KILL, kills.get());
      countInjectedElsewhere(platform, table, started);
      Reconciliation reconciliation =
          Reconciliation.of(table, quarantine, load.batches::containsKey);
      FlightsOracle.Comparison values =
          new FlightsOracle(Fixtures.airportsCsv()).compare(table, load.batches);
      return new FaultRunResult(
          plan,
          Map.copyOf(injected),
          load.records,
          load.broken,
          reconciliation,
          values,
          bad.parked(),
          bad.count(),
          Duration.between(started, Instant.now()));
    }
  }

  /** The platform departing from AWS as the plan's faults ask. */
  private PlatformOptions options() {
    PlatformOptions options =
        PlatformOptions.defaults().withBatchingWindow(COMPACTION, COMPACTION_WINDOW_S);
    if (plan.has(Fault.LATE_REDELIVERY)) {
      options = options.withAwsRedelivery(plan.redeliveryScale());
    }
    return options;
  }

  /** Publishes the load in the seeded order, with the bad messages and sweeps among it. */
  private void publish(
      FaultLoad load,
      PublishedBatch oversized,
      EventPublisher publisher,
      SnsClient sns,
      BadMessages bad,
      LocalPlatform platform)
      throws Exception {
    SplittableRandom random = plan.random("publish");
    List<PublishedBatch> batches = new ArrayList<>(load.batches.values());
    batches.remove(oversized);
    int index = 0;
    long withoutAttributes = 0;
    for (PublishedBatch batch : batches) {
      if (plan.has(Fault.NO_ATTRIBUTES) && random.nextInt(3) == 0) {
        String body = EnvelopeCodec.mapper().writeValueAsString(batch.envelope());
        sns.publish(r -> r.topicArn(aws.provisioned().topicArns().get("ingest")).message(body));
        withoutAttributes++;
      } else {
        publisher.publish("ingest", batch.envelope());
      }
      if (index == batches.size() / 2) {
        publishBadMessages(bad, sns, batch);
        if (oversized != null) {
          injected.put(Fault.OVERSIZED, 1L);
          OversizedBatch.publish(aws, publisher, oversized);
        }
      }
      if (plan.has(Fault.COMPACTION_RACE) && random.nextInt(8) == 0) {
        platform.fireSchedule(Schedules.COMPACTION_SWEEP);
      }
      index++;
      Thread.sleep(random.nextInt(200));
    }
    injected.put(Fault.NO_ATTRIBUTES, withoutAttributes);
    if (plan.has(Fault.COMPACTION_RACE)) {
      platform.fireSchedule(Schedules.COMPACTION_SWEEP);
    }
  }

  private void publishBadMessages(BadMessages bad, SnsClient sns, PublishedBatch like) {
    List<BadMessages.Kind> kinds = new ArrayList<>();
    if (plan.has(Fault.POISON)) {
      kinds.add(BadMessages.Kind.POISON);
    }
    if (plan.has(Fault.MALFORMED)) {
      kinds.add(BadMessages.Kind.MALFORMED);
    }
    if (plan.has(Fault.UNKNOWN_VERSION)) {
      kinds.add(BadMessages.Kind.UNKNOWN_VERSION);
    }
    for (BadMessages.Kind kind : kinds) {
      bad.publish(sns, kind, like, "%s-%s".formatted(runId, kind.name().toLowerCase()));
    }
    injected.put(Fault.POISON, (long) bad.count(BadMessages.Kind.POISON));
    injected.put(Fault.MALFORMED, (long) bad.count(BadMessages.Kind.MALFORMED));
    injected.put(Fault.UNKNOWN_VERSION, (long) bad.count(BadMessages.Kind.UNKNOWN_VERSION));
  }

  /** Kills a busy stage's process every few seconds while the load is on, as the seed says. */
  private void kill(LocalPlatform platform, AtomicBoolean loading, AtomicLong kills) {
    SplittableRandom random = plan.random(Fault.MID_BATCH_KILL.name());
    try {
      while (loading.get()) {
        Thread.sleep(KILL_EVERY_MS + random.nextInt(KILL_EVERY_MS));
        String function = STAGES.get(random.nextInt(STAGES.size()));
        FunctionInstance busy;
        try {
          busy = platform.awaitBusyInstance(function, BUSY_WITHIN);
        } catch (IllegalStateException idle) {
          continue; // nothing of that stage running just now: no kill this time
        }
        busy.kill();
        kills.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the platform, the functions and the table say was injected or happened. */
  private void countInjectedElsewhere(LocalPlatform platform, Table table, Instant started) {
    if (plan.has(Fault.COMPACTION_RACE)) {
      table.refresh();
      long rewrites =
          StreamSupport.stream(table.snapshots().spliterator(), false)
              .filter(s -> s.timestampMillis() >= started.toEpochMilli())
              .filter(s -> DataOperations.REPLACE.equals(s.operation()))
              .filter(
                  s ->
                      Long.parseLong(
                              s.summary().getOrDefault(SnapshotSummary.DELETED_FILES_PROP, "0"))
                          > 0)
              .count();
      injected.put(Fault.COMPACTION_RACE, rewrites);
    }
  }

  private boolean accounted(Table table, QuarantineTally quarantine, FaultLoad load) {
    Reconciliation r = Reconciliation.of(table, quarantine, load.batches::containsKey);
    return r.rows() + r.quarantined() >= load.records;
  }

  /** Long enough for the load, every redelivery and the kills, at the plan's timing. */
  private Duration settle() {
    long commitVisibilityS =
        aws.contracts().topology().queue("commit").orElseThrow().visibilityTimeoutSeconds();
    return Duration.ofSeconds(
        120 + plan.batches() + (long) (4 * commitVisibilityS * plan.redeliveryScale()));
  }
}
