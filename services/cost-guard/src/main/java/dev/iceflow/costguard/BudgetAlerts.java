package dev.iceflow.costguard;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.contracts.dataset.BudgetSpec;
import dev.iceflow.contracts.message.payload.CostAlertV1;
import dev.iceflow.contracts.message.payload.PipelineControlV1;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostEstimate;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.DatasetSpend;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends a budget's alerts once each per period. An alert is claimed in the ledger, published, then
 * marked sent; its envelope id derives from (dataset, period, threshold), so an alert re-sent after
 * a stop between publish and mark carries the same id and a consumer can drop the copy.
 */
final class BudgetAlerts {

  private static final Logger LOG = Logger.getLogger(BudgetAlerts.class);

  /** Who cost-guard's pause requests come from (pipeline.control's requestedBy). */
  static final String REQUESTED_BY = "urn:iceflow:cost-guard";

  /**
   * What a hard limit pauses: the entrance. Batches already inside finish (their cost is spent),
   * new ones wait in validation's queue within its retention, nothing is half-way when it resumes.
   */
  static final List<String> INGESTION = List.of("validation");

  static final String ACTUAL = "actual";
  static final String HARD_LIMIT = "hard-limit";
  static final String PAUSE_INGESTION = "pause-ingestion";
  private static final int USD_SCALE = 4;

  private final CostLedger ledger;
  private final EventPublisher publisher;
  private final StageEvents events;

  BudgetAlerts(CostLedger ledger, EventPublisher publisher, StageEvents events) {
    this.ledger = ledger;
    this.publisher = publisher;
    this.events = events;
  }

  /** The spend of a dataset's period as an alert sees it. */
  record Spend(
      String dataset,
      BudgetSpec budget,
      BudgetPeriod period,
      DatasetSpend spend,
      BigDecimal forecastUsd,
      Instant at) {}

  void threshold(Spend spend, int thresholdPercent) {
    String key = key(spend, Integer.toString(thresholdPercent));
    CostAlertV1 alert = alert(spend, thresholdPercent, null, level(thresholdPercent), null);
    once(key, () -> publishAlert(spend, key, alert));
  }

  /** The hard limit: an alert saying ingestion is paused, and the pause itself. */
  void hardLimit(Spend spend) {
    String key = key(spend, HARD_LIMIT);
    List<Integer> thresholds = spend.budget().alertThresholdsPercent();
    int highest = thresholds.get(thresholds.size() - 1);
    CostAlertV1 alert =
        alert(spend, highest, spend.budget().hardLimitPercent(), HARD_LIMIT, PAUSE_INGESTION);
    PipelineControlV1 pause =
        new PipelineControlV1(
            PauseControl.PAUSE,
            new PipelineControlV1.Scope(INGESTION),
            "Spend of %s for %s reached its hard limit: %s of %s USD (%d %% of the budget)."
                .formatted(
                    spend.dataset(),
                    spend.period().key(),
                    usd(spend.spend().spentUsd()).toPlainString(),
                    usd(spend.budget().hardLimitUsd().orElseThrow()).toPlainString(),
                    spend.budget().hardLimitPercent()),
            REQUESTED_BY,
            spend.at(),
            spend.period().end());
    once(
        key,
        () -> {
          Envelope control =
              events.originate(
                  id("pipeline.control", key),
                  pause,
                  spend.at(),
                  spend.dataset(),
                  correlation(spend));
          publisher.publish(Topics.EVENTS, control);
          publishAlert(spend, key, alert);
        });
  }

  private void once(String key, Runnable send) {
    CostLedger.AlertState state = ledger.claimAlert(key, id("cost.alert", key));
    if (state == CostLedger.AlertState.SENT) {
      return;
    }
    if (state == CostLedger.AlertState.UNSENT) {
      LOG.warnf("alert %s was claimed but not marked sent: sending it again under its id", key);
    }
    send.run();
    ledger.markAlertSent(key);
  }

  private void publishAlert(Spend spend, String key, CostAlertV1 alert) {
    Envelope envelope =
        events.originate(
            id("cost.alert", key), alert, spend.at(), spend.dataset(), correlation(spend));
    publisher.publish(Topics.EVENTS, envelope);
    publisher.publish(Topics.ALERTS, envelope);
    LOG.warnf(
        "cost alert for %s %s: %s of %s USD spent (%s), forecast %s USD",
        spend.dataset(),
        spend.period().key(),
        alert.spentUsd().toPlainString(),
        alert.budgetUsd().toPlainString(),
        alert.level(),
        alert.forecastUsd().toPlainString());
  }

  private static CostAlertV1 alert(
      Spend spend, int thresholdPercent, Integer hardLimitPercent, String level, String action) {
    return new CostAlertV1(
        spend.period().key(),
        spend.budget().budgetUsd(),
        usd(spend.spend().spentUsd()),
        usd(spend.forecastUsd()),
        thresholdPercent,
        hardLimitPercent,
        ACTUAL,
        level,
        breakdown(spend.spend().total(), spend.spend().estimate()),
        action);
  }

  static CostAlertV1.Breakdown breakdown(Usage usage, CostEstimate estimate) {
    Map<String, BigDecimal> estimated = new LinkedHashMap<>();
    estimate.byService().forEach((service, usd) -> estimated.put(service.wireName(), usd(usd)));
    return new CostAlertV1.Breakdown(
        usage.get(Meter.LAMBDA_GB_SECONDS),
        usage.get(Meter.LAMBDA_REQUESTS),
        usage.get(Meter.SNS_REQUESTS),
        usage.get(Meter.SQS_STANDARD_REQUESTS).add(usage.get(Meter.SQS_FIFO_REQUESTS)),
        usage.get(Meter.S3_PUT_REQUESTS),
        usage.get(Meter.S3_GET_REQUESTS),
        null,
        usage.get(Meter.GLUE_REQUESTS),
        usage.get(Meter.KMS_REQUESTS),
        usage.get(Meter.DYNAMODB_READ_UNITS).add(usage.get(Meter.DYNAMODB_WRITE_UNITS)),
        usage.get(Meter.INGESTED_BYTES),
        estimated);
  }

  /** cost.alert's levels: info at 50 %, warning at 80 %, critical at 100 %. */
  static String level(int thresholdPercent) {
    return thresholdPercent >= 100 ? "critical" : thresholdPercent >= 80 ? "warning" : "info";
  }

  private static String key(Spend spend, String name) {
    return "%s#%s#%s".formatted(spend.dataset(), spend.period().key(), name);
  }

  private static String correlation(Spend spend) {
    return "cost-guard.%s.%s".formatted(spend.dataset(), spend.period().key());
  }

  /** A name-based UUID: the same alert always has the same id. */
  static String id(String type, String key) {
    return UUID.nameUUIDFromBytes((type + "|" + key).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static BigDecimal usd(BigDecimal amount) {
    return amount.setScale(USD_SCALE, RoundingMode.HALF_UP);
  }
}
