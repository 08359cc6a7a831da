package dev.iceflow.e2e;

import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.faults.FaultProxy;
import dev.iceflow.local.platform.FunctionInstance;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.reconciliation.QuarantineTally;
import dev.iceflow.local.reconciliation.Reconciliation;
import dev.iceflow.testkit.aws.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One seeded fault run: real flights published through SNS to the packaged functions on the local
 * platform while the plan's faults are injected, then, once every queue is quiet, a reconciliation
 * of every record (rows + quarantined = records in, no (batch id, position) twice, every value as
 * an independent recomputation has it) and of every bad message (parked with its reason).
 */
final class FaultRun {

  private static final String DATASET = "flights";
  private static final List<String> STAGES = FaultOptions.STAGES;

  /** Flights in the oversized batch: about 100 bytes each, well over SNS's 256 KiB. */
  private static final int OVERSIZED_RECORDS = 3_000;

  /** The kills' pace: one every this many to twice this many milliseconds while the load runs. */
  private static final int KILL_EVERY_MS = 3_000;

  /**
   * When a seeded draw has not picked a fault by the time the load is accounted for, the run
   * publishes this many batches more, up to {@link #MAX_TOP_UPS} times, so every fault the plan
   * names really happens (the test asserts it did).
   */
  private static final int TOP_UP_BATCHES = 5;

  private static final int MAX_TOP_UPS = 6;

  private static final Duration BUSY_WITHIN = Duration.ofSeconds(3);
  private static final long POLL_MILLIS = 1_000;

  private final LocalAws aws;
  private final FaultPlan plan;
  private final String runId;
  private long publishedWithoutAttributes;
  private FaultTally tally;

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
      functions.add(FaultOptions.COMPACTION);
    }
    Catalog catalog = aws.openCatalog();
    Table table =
        ContractTableCreator.loadOrCreate(
            catalog, Contracts.packaged().dataset(DATASET).orElseThrow().table());
    table.refresh();
    Instant started = Instant.now();
    tally = new FaultTally(plan, aws, started);
    BadMessages bad = new BadMessages(aws);
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicLong kills = new AtomicLong();
    try (FaultProxy proxy = FaultProxy.start(aws);
        LocalPlatform platform =
            LocalPlatform.start(
                aws, ProjectLayout.discover(), functions, FaultOptions.of(plan, aws, proxy));
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
      List<String> unsettled = new ArrayList<>();
      SplittableRandom topUpRandom = plan.random("top-up");
      int topUps = 0;
      while (true) {
        if (accounted(table, quarantine, load) && bad.allParked()) {
          tally.update(platform, proxy, table, kills.get(), publishedWithoutAttributes);
          List<Fault> missing = tally.notYetInjected();
          if (missing.isEmpty() || topUps == MAX_TOP_UPS) {
            break;
          }
          // force what the draws have not picked yet: more load, until every fault happened
          topUps++;
          for (PublishedBatch extra :
              load.addBatches(topUpRandom, TOP_UP_BATCHES, plan.batchRecords())) {
            publishOne(extra, publisher, sns, topUpRandom);
          }
          if (missing.contains(Fault.COMPACTION_RACE)) {
            platform.fireSchedule(Schedules.COMPACTION_SWEEP);
          }
          deadline = Instant.now().plus(settle());
        } else if (Instant.now().isAfter(deadline)) {
          unsettled.add("not every record and bad message accounted for within " + settle());
          break;
        }
        Thread.sleep(POLL_MILLIS);
      }
      loading.set(false);
      if (killer != null) {
        killer.join();
      }
      // the stages' queues: compaction's sweeps may still run, and change no row
      try {
        Awaits.awaitQuiet(sqs, Pipeline.queuesOf(aws, STAGES.toArray(String[]::new)));
      } catch (AssertionError stillBusy) {
        unsettled.add(stillBusy.getMessage());
      }
      if (!unsettled.isEmpty()) {
        unsettled.add("queues holding messages: " + nonEmptyQueues(sqs));
      }
      tally.update(platform, proxy, table, kills.get(), publishedWithoutAttributes);
      Reconciliation reconciliation =
          Reconciliation.of(table, quarantine, load.batches::containsKey);
      FlightsOracle.Comparison values =
          new FlightsOracle(Fixtures.airportsCsv()).compare(table, load.batches);
      return new FaultRunResult(
          plan,
          tally.counts(),
          load.records,
          load.broken,
          reconciliation,
          values,
          bad.parked(),
          bad.count(),
          unsettled,
          Duration.between(started, Instant.now()));
    }
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
    for (PublishedBatch batch : batches) {
      publishOne(batch, publisher, sns, random);
      if (index == batches.size() / 2) {
        publishBadMessages(bad, sns, batch);
        if (oversized != null) {
          tally.count(Fault.OVERSIZED, 1);
          OversizedBatch.publish(aws, publisher, oversized);
        }
      }
      if (plan.has(Fault.COMPACTION_RACE) && random.nextInt(8) == 0) {
        platform.fireSchedule(Schedules.COMPACTION_SWEEP);
      }
      index++;
      Thread.sleep(random.nextInt(200));
    }
    if (plan.has(Fault.COMPACTION_RACE)) {
      platform.fireSchedule(Schedules.COMPACTION_SWEEP);
    }
  }

  /** Publishes a batch as upstream does, or, a third of the time, without message attributes. */
  private void publishOne(
      PublishedBatch batch, EventPublisher publisher, SnsClient sns, SplittableRandom random)
      throws Exception {
    if (plan.has(Fault.NO_ATTRIBUTES) && random.nextInt(3) == 0) {
      String body = EnvelopeCodec.mapper().writeValueAsString(batch.envelope());
      sns.publish(r -> r.topicArn(aws.provisioned().topicArns().get("ingest")).message(body));
      publishedWithoutAttributes++;
    } else {
      publisher.publish("ingest", batch.envelope());
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
    tally.count(Fault.POISON, bad.count(BadMessages.Kind.POISON));
    tally.count(Fault.MALFORMED, bad.count(BadMessages.Kind.MALFORMED));
    tally.count(Fault.UNKNOWN_VERSION, bad.count(BadMessages.Kind.UNKNOWN_VERSION));
  }

  /**
   * Kills a busy stage's process every few seconds while the load is on, as the seed says, up to
   * the plan's number of kills (each costs a cold start).
   */
  private void kill(LocalPlatform platform, AtomicBoolean loading, AtomicLong kills) {
    SplittableRandom random = plan.random(Fault.MID_BATCH_KILL.name());
    try {
      while (loading.get() && kills.get() < plan.kills()) {
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

  /** Every provisioned queue with messages waiting or in flight, with those counts. */
  private Map<String, String> nonEmptyQueues(SqsClient sqs) {
    Map<String, String> depths = new TreeMap<>();
    aws.provisioned()
        .queueUrls()
        .forEach(
            (queue, url) -> {
              Map<QueueAttributeName, String> a =
                  sqs.getQueueAttributes(
                          r ->
                              r.queueUrl(url)
                                  .attributeNames(
                                      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                      QueueAttributeName
                                          .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                      .attributes();
              String waiting = a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
              String inFlight =
                  a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
              if (!"0".equals(waiting) || !"0".equals(inFlight)) {
                depths.put(queue, waiting + " waiting, " + inFlight + " in flight");
              }
            });
    return depths;
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
