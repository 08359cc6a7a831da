package dev.iceflow.costguard;

import static dev.iceflow.testkit.lambda.HandlerHarness.failedMessageIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Usage;
import dev.iceflow.local.emulator.EventTap;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.metrics.EmittedMetrics;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged handler through Quarkus' mock Lambda event server against the embedded AWS: the cost
 * ledger, SNS and CloudWatch are real; the spend is forced past each threshold by usage put in the
 * ledger, as a month of traffic would.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class CostGuardHandlerTest {

  private static final String FLIGHTS = "flights";
  private static final BigDecimal BUDGET = new BigDecimal("25");
  private static final BigDecimal GB_SECOND =
      new BigDecimal("0.0000166667"); // us-east-1 x86, checked against the price table below

  private static HandlerHarness handler;
  private static CostLedger ledger;
  private static EventTap events;

  @BeforeAll
  static void connect() {
    handler = HandlerHarness.consuming("cost-guard");
    LocalAws aws = handler.aws();
    ledger =
        new CostLedger(
            aws.clients().configure(DynamoDbClient.builder()).build(),
            aws.provisioned().ledger(Ledgers.COST),
            Clock.systemUTC());
    events = EventTap.everything(aws, "cost-guard-test-events");
  }

  @AfterAll
  static void disconnect() {
    events.close();
    handler.close();
  }

  /**
   * Flights' budget (25 USD; alerts at 50, 80, 100 %; hard limit 150 %) is crossed step by step,
   * each step's event delivered twice: one alert per threshold, one pause at the hard limit, each
   * with the forecast from the month-to-date rate.
   */
  @Test
  void eachThresholdAlertsOnce_underRedelivery_andTheHardLimitPausesIngestionOnce() {
    assertThat(
            handler.aws().contracts().prices("us-east-1").price(PriceIds.LAMBDA_COMPUTE_X86).usd())
        .isEqualByComparingTo(GB_SECOND);
    BigDecimal spent = spentNow();
    List<JsonNode> seen = new ArrayList<>();
    int[] steps = {50, 80, 100, 150};
    for (int percent : steps) {
      BigDecimal target =
          BUDGET.multiply(BigDecimal.valueOf(percent + 2)).divide(BigDecimal.valueOf(100));
      if (target.compareTo(spent) > 0) {
        addSpend(target.subtract(spent));
      }
      ObjectNode event = GuardEvents.committed(FLIGHTS, Instant.now());
      assertThat(failedMessageIds(handler.invoke("m-" + percent, event))).isEmpty();
      assertThat(failedMessageIds(handler.invoke("m-" + percent + "-again", event))).isEmpty();
      spent = spentNow();
      seen.addAll(events.drain());
    }

    List<JsonNode> alerts = ofType(seen, "cost.alert");
    assertThat(alerts)
        .extracting(a -> a.get("data").get("level").asText())
        .containsExactly("info", "warning", "critical", "hard-limit");
    assertThat(alerts)
        .extracting(a -> a.get("data").get("thresholdPercent").asInt())
        .containsExactly(50, 80, 100, 100);
    assertThat(alerts.get(3).get("data").get("hardLimitPercent").asInt()).isEqualTo(150);
    assertThat(alerts.get(3).get("data").get("action").asText()).isEqualTo("pause-ingestion");
    for (JsonNode alert : alerts) {
      JsonNode data = alert.get("data");
      assertThat(alert.get("dataset").asText()).isEqualTo(FLIGHTS);
      assertThat(data.get("budgetUsd").decimalValue()).isEqualByComparingTo(BUDGET);
      Instant at = Instant.parse(alert.get("time").asText());
      BudgetPeriod period = BudgetPeriod.containing(at);
      assertThat(data.get("period").asText()).isEqualTo(period.key());
      double elapsed = Math.max(Duration.between(period.start(), at).toSeconds(), 86_400);
      double forecast = data.get("spentUsd").asDouble() * period.length().toSeconds() / elapsed;
      assertThat(data.get("forecastUsd").asDouble()).isCloseTo(forecast, within(0.01));
    }
    List<JsonNode> pauses = ofType(seen, "pipeline.control");
    assertThat(pauses).hasSize(1);
    JsonNode pause = pauses.get(0).get("data");
    assertThat(pause.get("action").asText()).isEqualTo("pause");
    assertThat(pause.get("scope").get("functions"))
        .extracting(JsonNode::asText)
        .containsExactly("validation");
    assertThat(pause.get("requestedBy").asText()).isEqualTo("urn:iceflow:cost-guard");
    assertThat(Instant.parse(pause.get("until").asText()))
        .isEqualTo(BudgetPeriod.containing(Instant.now()).end());

    // a late redelivery of every step's event, and a tick: nothing more
    ObjectNode late = GuardEvents.committed(FLIGHTS, Instant.now());
    handler.invoke("late", late);
    handler.invoke("late-again", late);
    assertThat(events.drain()).noneMatch(e -> e.get("type").asText().equals("cost.alert"));
  }

  /**
   * A tick reads Lambda's CloudWatch metrics into the shared usage once, however often it comes.
   */
  @Test
  void aTickAddsWhatCloudWatchMeasuredOnce() {
    LocalAws aws = handler.aws();
    String validation = ServiceConfig.of(aws).get("iceflow.functions.validation");
    Instant now = Instant.now();
    BudgetPeriod period = BudgetPeriod.containing(now.minus(Duration.ofMinutes(11)));
    try (CloudWatchClient cloudWatch = aws.cloudWatch()) {
      cloudWatch.putMetricData(
          p ->
              p.namespace(LambdaMetrics.NAMESPACE)
                  .metricData(
                      datum(
                          LambdaMetrics.DURATION,
                          validation,
                          2_048_000,
                          StandardUnit.MILLISECONDS,
                          now),
                      datum(LambdaMetrics.INVOCATIONS, validation, 8, StandardUnit.COUNT, now)));
    }
    Usage before = ledger.usage(CostLedger.SHARED, period);

    ObjectNode tick = GuardEvents.tick(now);
    EmittedMetrics emitted;
    try (EmittedMetrics metrics = EmittedMetrics.capture()) {
      assertThat(failedMessageIds(handler.invoke("t-1", tick))).isEmpty();
      assertThat(failedMessageIds(handler.invoke("t-1-again", tick))).isEmpty();
      emitted = metrics;
    }

    Usage added = subtract(ledger.usage(CostLedger.SHARED, period), before);
    // 2048 s at validation's 1024 MB is 2048 GB-seconds
    assertThat(added.get(Meter.LAMBDA_GB_SECONDS)).isEqualByComparingTo("2048");
    assertThat(added.get(Meter.LAMBDA_REQUESTS)).isEqualByComparingTo("8");
    assertThat(added.get(Meter.KMS_REQUESTS)).isPositive();

    double paused = ledger.holds().pausedFunctions().size();
    assertThat(emitted.values(MetricNames.PAUSED_FUNCTIONS))
        .as("every tick reports the functions held paused")
        .containsExactly(paused, paused);
    List<Double> cost =
        emitted.values(MetricNames.COST_USD, MetricNames.DATASET_DIMENSION, FLIGHTS);
    List<Double> used =
        emitted.values(MetricNames.BUDGET_USED_PERCENT, MetricNames.DATASET_DIMENSION, FLIGHTS);
    assertThat(cost).as("every tick evaluates flights' budget").hasSize(2);
    assertThat(cost.get(1)).isGreaterThanOrEqualTo(spentNow().doubleValue());
    assertThat(used).hasSize(2);
    assertThat(used.get(1))
        .isCloseTo(cost.get(1) * 100 / BUDGET.doubleValue(), within(1e-9 * (1 + used.get(1))));
  }

  private static MetricDatum datum(
      String metric, String function, double value, StandardUnit unit, Instant now) {
    return MetricDatum.builder()
        .metricName(metric)
        .dimensions(Dimension.builder().name(LambdaMetrics.FUNCTION_NAME).value(function).build())
        .value(value)
        .unit(unit)
        .timestamp(now.minus(Duration.ofMinutes(11)))
        .build();
  }

  private static Usage subtract(Usage after, Usage before) {
    Usage.Builder difference = Usage.builder();
    after.amounts().forEach((m, v) -> difference.add(m, v.subtract(before.get(m))));
    return difference.build();
  }

  /** Flights' own usage priced as Lambda compute: a spend the test controls exactly. */
  private static void addSpend(BigDecimal usd) {
    BigDecimal gbSeconds = usd.divide(GB_SECOND, MathContext.DECIMAL64);
    ledger.countOnce(
        "test-spend-" + UUID.randomUUID(),
        FLIGHTS,
        BudgetPeriod.containing(Instant.now()),
        Usage.builder().add(Meter.LAMBDA_GB_SECONDS, gbSeconds).build());
  }

  private static BigDecimal spentNow() {
    Usage own = ledger.usage(FLIGHTS, BudgetPeriod.containing(Instant.now()));
    return own.get(Meter.LAMBDA_GB_SECONDS).multiply(GB_SECOND);
  }

  private static List<JsonNode> ofType(List<JsonNode> envelopes, String type) {
    return envelopes.stream().filter(e -> e.get("type").asText().equals(type)).toList();
  }
}
