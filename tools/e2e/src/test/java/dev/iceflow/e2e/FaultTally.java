package dev.iceflow.e2e;

import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.faults.FaultCounts;
import dev.iceflow.local.faults.FaultProxy;
import dev.iceflow.local.platform.InjectedFaults;
import dev.iceflow.local.platform.LocalPlatform;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * How often each fault of a plan was injected or happened so far, from where each one leaves its
 * trace: the harness's own counts, the platform's, the proxy's, the functions' {@code
 * iceflow-fault:} log lines and the table's rewrite snapshots. Read again on each {@link #update}.
 */
final class FaultTally {

  private static final String FAULT_LOG = "iceflow-fault: ";
  private static final String CRASH_AT = FAULT_LOG + "crash at ";

  private final FaultPlan plan;
  private final LocalAws aws;
  private final Instant started;
  private final Map<Fault, Long> counts = new EnumMap<>(Fault.class);

  FaultTally(FaultPlan plan, LocalAws aws, Instant started) {
    this.plan = plan;
    this.aws = aws;
    this.started = started;
  }

  /** Records {@code happened} for {@code fault} when the plan has it. */
  void count(Fault fault, long happened) {
    if (plan.has(fault)) {
      counts.put(fault, happened);
    }
  }

  /** Reads every source again; {@code kills} and {@code withoutAttributes} are the harness's. */
  void update(
      LocalPlatform platform, FaultProxy proxy, Table table, long kills, long withoutAttributes) {
    long crashes = 0;
    for (String stage : List.of("validation", "enrichment")) {
      crashes +=
          new FunctionLogs(aws, stage)
              .linesContaining(CRASH_AT + stage + FaultOptions.AFTER_MESSAGE);
    }
    count(Fault.MID_BATCH_KILL, kills + crashes);
    count(Fault.NO_ATTRIBUTES, withoutAttributes);
    FunctionLogs commit = new FunctionLogs(aws, FaultOptions.COMMIT);
    count(
        Fault.CRASH_AFTER_TABLE_COMMIT,
        commit.linesContaining(CRASH_AT + FaultOptions.AFTER_TABLE_COMMIT));
    count(
        Fault.CRASH_BEFORE_SQS_DELETE,
        commit.linesContaining(CRASH_AT + FaultOptions.BEFORE_RESPONSE));
    count(Fault.COMMIT_STATE_UNKNOWN, commit.linesContaining(FAULT_LOG + "commit-state-unknown"));
    Map<String, InjectedFaults> delivery = platform.injectedFaults();
    count(
        Fault.DOUBLE_DELIVERY,
        delivery.values().stream().mapToLong(InjectedFaults::duplicatesDelivered).sum());
    count(
        Fault.THROTTLING,
        delivery.values().stream().mapToLong(InjectedFaults::invocationsThrottled).sum());
    count(
        Fault.LATE_REDELIVERY,
        platform.redelivered().values().stream().mapToLong(Long::longValue).sum());
    for (Fault fault : FaultOptions.proxyFaults(plan)) {
      long calls = 0; // failed or slowed; each attempt counts, a retried call more than once
      for (String stage : FaultOptions.STAGES) {
        FaultCounts rule = proxy.counts(FaultOptions.ruleName(stage, fault));
        calls += rule.failed() + rule.delayed();
      }
      count(fault, calls);
    }
    if (plan.has(Fault.COMPACTION_RACE)) {
      count(Fault.COMPACTION_RACE, rewritesSinceStart(table));
    }
  }

  /** The plan's faults that have not happened yet. */
  List<Fault> notYetInjected() {
    return plan.faults().stream().filter(f -> counts.getOrDefault(f, 0L) == 0).toList();
  }

  Map<Fault, Long> counts() {
    return Map.copyOf(counts);
  }

  /** Data-file rewrites (a replace that removed files; a manifest rewrite removes none). */
  private long rewritesSinceStart(Table table) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .filter(s -> s.timestampMillis() >= started.toEpochMilli())
        .filter(FaultTally::isRewrite)
        .count();
  }

  private static boolean isRewrite(Snapshot s) {
    return DataOperations.REPLACE.equals(s.operation())
        && Long.parseLong(s.summary().getOrDefault(SnapshotSummary.DELETED_FILES_PROP, "0")) > 0;
  }
}
