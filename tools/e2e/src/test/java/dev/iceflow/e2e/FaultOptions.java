package dev.iceflow.e2e;

import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.faults.FaultProxy;
import dev.iceflow.local.faults.FaultRule;
import dev.iceflow.local.faults.FaultService;
import dev.iceflow.local.platform.PlatformOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a fault plan arms the platform, the functions and the fault proxy: the event source mappings'
 * duplicate delivery, throttling and redelivery timing, the functions' crash points and unknown
 * commit states (their ICEFLOW_FAULTS_* settings), and the proxy's rules for each stage's S3 and
 * SNS calls.
 */
final class FaultOptions {

  static final List<String> STAGES = List.of("validation", "enrichment", "commit");
  static final String COMPACTION = "compaction";
  static final String COMMIT = "commit";

  /** Crash points of the services (each named next to where it is reached). */
  static final String AFTER_MESSAGE = ".after-message";

  static final String AFTER_TABLE_COMMIT = "commit.after-table-commit";
  static final String BEFORE_RESPONSE = "commit.before-response";

  /** Compaction's batching window, down from 30 s: the sweeps the run fires run while it loads. */
  private static final int COMPACTION_WINDOW_S = 2;

  /**
   * Shares of a stage's S3 and SNS calls the proxy fails or slows. The SDK retries a failed call 4
   * times in all, S3FileIO 6; mostly 500s, since S3FileIO backs off 2-20 s on each 503 SlowDown.
   */
  private static final double FAILING = 0.03;

  private static final double INTERNAL_ERRORS = 0.8;
  private static final double SLOW = 0.05;
  private static final Duration SLOW_BY = Duration.ofMillis(300);

  /** The functions' own fault settings (services/common FaultPoints, common-iceberg's faults). */
  private static final String CRASH_AT = "ICEFLOW_FAULTS_CRASH_AT";

  private static final String CRASH_RATE = "ICEFLOW_FAULTS_CRASH_RATE";
  private static final String COMMIT_UNKNOWN_RATE = "ICEFLOW_FAULTS_COMMIT_UNKNOWN_RATE";
  private static final String FAULT_SEED = "ICEFLOW_FAULTS_SEED";

  /**
   * Shares of arrivals at an armed crash point that crash the process: each crash costs a cold
   * start, and validation and enrichment reach theirs once per message.
   */
  private static final double MESSAGE_CRASH_RATE = 0.03;

  private static final double COMMIT_CRASH_RATE = 0.2;
  private static final double COMMIT_UNKNOWN_SHARE = 0.15;
  private static final double THROTTLED_SHARE = 0.05;

  private FaultOptions() {}

  /** The platform's options for {@code plan}, with its rules injected into {@code proxy}. */
  static PlatformOptions of(FaultPlan plan, LocalAws aws, FaultProxy proxy) {
    PlatformOptions options =
        PlatformOptions.defaults().withBatchingWindow(COMPACTION, COMPACTION_WINDOW_S);
    for (String stage : STAGES) {
      for (Fault fault : proxyFaults(plan)) {
        proxy.inject(
            FaultRule.builder(ruleName(stage, fault), plan.random(stage + fault).nextLong())
                .signedBy(aws.functionCredentials(stage))
                .services(fault == Fault.S3_FAILURES ? FaultService.S3 : FaultService.SNS)
                .failing(FAILING)
                .internalErrors(INTERNAL_ERRORS)
                .slow(SLOW, SLOW_BY)
                .build());
      }
      if (!proxyFaults(plan).isEmpty()) {
        options =
            options.withEnvironment(
                stage, FaultProxy.ENDPOINT_OVERRIDE_VARIABLE, proxy.endpoint().toString());
      }
      options = withCrashPoints(plan, options, stage);
    }
    if (plan.has(Fault.LATE_REDELIVERY)) {
      options = options.withAwsRedelivery(plan.redeliveryScale());
    }
    if (plan.has(Fault.DOUBLE_DELIVERY)) {
      options =
          options.withDuplicateDelivery(plan.duplicateShare(), plan.seedFor(Fault.DOUBLE_DELIVERY));
    }
    if (plan.has(Fault.THROTTLING)) {
      options = options.withThrottling(THROTTLED_SHARE, plan.seedFor(Fault.THROTTLING));
    }
    if (plan.has(Fault.COMMIT_STATE_UNKNOWN)) {
      // the commit function draws its crashes and unknown states from the one seed
      options =
          options
              .withEnvironment(COMMIT, COMMIT_UNKNOWN_RATE, Double.toString(COMMIT_UNKNOWN_SHARE))
              .withEnvironment(
                  COMMIT, FAULT_SEED, Long.toString(plan.seedFor(Fault.COMMIT_STATE_UNKNOWN)));
    }
    return options;
  }

  /** The S3 and SNS faults of the plan, which the proxy injects. */
  static List<Fault> proxyFaults(FaultPlan plan) {
    return List.of(Fault.S3_FAILURES, Fault.SNS_FAILURES).stream().filter(plan::has).toList();
  }

  /** The proxy's rule for one stage's calls of one service. */
  static String ruleName(String stage, Fault fault) {
    return stage + "-" + fault.name().toLowerCase().replace('_', '-');
  }

  private static PlatformOptions withCrashPoints(
      FaultPlan plan, PlatformOptions options, String stage) {
    List<String> points = crashPoints(plan, stage);
    if (points.isEmpty()) {
      return options;
    }
    double rate = stage.equals(COMMIT) ? COMMIT_CRASH_RATE : MESSAGE_CRASH_RATE;
    return options
        .withEnvironment(stage, CRASH_AT, String.join(",", points))
        .withEnvironment(stage, CRASH_RATE, Double.toString(rate))
        .withEnvironment(
            stage, FAULT_SEED, Long.toString(plan.random("crash-" + stage).nextLong()));
  }

  /** The crash points armed in {@code stage}. */
  private static List<String> crashPoints(FaultPlan plan, String stage) {
    List<String> points = new ArrayList<>();
    if (stage.equals(COMMIT)) {
      if (plan.has(Fault.CRASH_AFTER_TABLE_COMMIT)) {
        points.add(AFTER_TABLE_COMMIT);
      }
      if (plan.has(Fault.CRASH_BEFORE_SQS_DELETE)) {
        points.add(BEFORE_RESPONSE);
      }
    } else if (plan.has(Fault.MID_BATCH_KILL)) {
      points.add(stage + AFTER_MESSAGE);
    }
    return points;
  }
}
