package dev.iceflow.costguard;

import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Usage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * On each tick, reads the pipeline-wide usage CloudWatch measured since the last reading and adds
 * it to the ledger's shared usage, each month's part to its period; the watermark moves in the same
 * transaction, so a redelivered tick reads nothing twice. KMS requests, which CloudWatch does not
 * count, are estimated from the data key reuse period.
 */
final class MetricsCollector {

  private static final Logger LOG = Logger.getLogger(MetricsCollector.class);
  private static final BigDecimal MB_PER_GB = BigDecimal.valueOf(1024);
  private static final BigDecimal MILLIS_PER_SECOND = BigDecimal.valueOf(1000);

  /** KMS requests per encrypted queue or topic per reuse period: a data key made, one decrypted. */
  static final int KMS_REQUESTS_PER_REUSE_PERIOD = 2;

  private final CostLedger ledger;
  private final LambdaMetrics metrics;
  private final Map<String, String> deployedNames;
  private final Topology topology;
  private final CostGuardConfig config;

  MetricsCollector(
      CostLedger ledger,
      LambdaMetrics metrics,
      Map<String, String> deployedNames,
      Topology topology,
      CostGuardConfig config) {
    this.ledger = ledger;
    this.metrics = metrics;
    this.deployedNames = Map.copyOf(deployedNames);
    this.topology = topology;
    this.config = config;
  }

  /** Reads up to the tick (less the metrics delay), when there is anything new to read. */
  void collect(Instant tickAt) {
    Optional<Instant> watermark = ledger.metricsWatermark();
    Instant end = floor(tickAt.minus(config.metricsDelay()), config.metricsGranularity());
    // the first reading looks back one window: what ran before cost-guard was deployed is the
    // account's bill, not a budget's
    Instant start = watermark.orElse(end.minus(config.maxMetricsWindow()));
    if (!end.isAfter(start)) {
      return;
    }
    if (Duration.between(start, end).compareTo(config.maxMetricsWindow()) > 0) {
      end = start.plus(config.maxMetricsWindow());
    }
    Map<BudgetPeriod, Usage> usage = new LinkedHashMap<>();
    for (Instant[] segment : segments(start, end)) {
      usage.put(BudgetPeriod.containing(segment[0]), read(segment[0], segment[1]));
    }
    if (!ledger.addMeasured(watermark, end, usage)) {
      LOG.infof("CloudWatch usage from %s to %s was read already (a redelivered tick)", start, end);
    }
  }

  private Usage read(Instant from, Instant to) {
    List<String> names = new ArrayList<>();
    Map<String, Integer> memoryByName = new LinkedHashMap<>();
    for (FunctionSpec function : topology.functions()) {
      String name = deployedNames.get(function.name());
      if (name == null) {
        continue; // not deployed here (DeployedFunctions names every function that is)
      }
      names.add(name);
      memoryByName.put(name, function.memoryMb());
    }
    Usage.Builder usage = Usage.builder();
    metrics
        .totals(names, from, to, config.metricsGranularity())
        .forEach(
            (name, totals) -> {
              BigDecimal seconds =
                  BigDecimal.valueOf(totals.durationMillis())
                      .divide(MILLIS_PER_SECOND, MathContext.DECIMAL64);
              BigDecimal gb =
                  BigDecimal.valueOf(memoryByName.get(name))
                      .divide(MB_PER_GB, MathContext.DECIMAL64);
              usage
                  .add(Meter.LAMBDA_GB_SECONDS, seconds.multiply(gb))
                  .add(Meter.LAMBDA_REQUESTS, BigDecimal.valueOf(Math.round(totals.invocations())));
            });
    Usage measured = usage.build();
    return measured.plus(
        Usage.builder().add(Meter.KMS_REQUESTS, kmsRequests(from, to, measured)).build());
  }

  /**
   * KMS requests, which CloudWatch does not count: each encrypted queue and topic asks for a data
   * key about twice per reuse period while it is used, and no more often than the functions run (an
   * idle pipeline asks for none).
   */
  private long kmsRequests(Instant from, Instant to, Usage measured) {
    long reusePeriods =
        Duration.between(from, to).toSeconds() / config.kmsDataKeyReuse().toSeconds();
    long channels = topology.topics().size() + topology.queues().size();
    long byTime = channels * KMS_REQUESTS_PER_REUSE_PERIOD * reusePeriods;
    long byUse = measured.get(Meter.LAMBDA_REQUESTS).longValue() * KMS_REQUESTS_PER_REUSE_PERIOD;
    return Math.min(byTime, byUse);
  }

  /** [from, to) cut at month boundaries. */
  private static List<Instant[]> segments(Instant from, Instant to) {
    List<Instant[]> segments = new ArrayList<>();
    Instant at = from;
    while (at.isBefore(to)) {
      Instant periodEnd = BudgetPeriod.containing(at).end();
      Instant segmentEnd = periodEnd.isBefore(to) ? periodEnd : to;
      segments.add(new Instant[] {at, segmentEnd});
      at = segmentEnd;
    }
    return segments;
  }

  private static Instant floor(Instant instant, Duration step) {
    long stepMillis = step.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), stepMillis) * stepMillis);
  }
}
