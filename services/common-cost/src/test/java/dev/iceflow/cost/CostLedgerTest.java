package dev.iceflow.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The cost ledger on the embedded DynamoDB: conditional writes are what make it count once. */
@WithLocalAws
class CostLedgerTest {

  private static final BudgetPeriod NOVEMBER = BudgetPeriod.parse("2026-11");

  private static CostLedger ledger;
  private static Topology topology;

  @BeforeAll
  static void connect(LocalAws aws) {
    DynamoDbClient dynamo = aws.clients().configure(DynamoDbClient.builder()).build();
    ledger = new CostLedger(dynamo, aws.provisioned().ledger(Ledgers.COST), Clock.systemUTC());
    topology = aws.contracts().topology();
  }

  @Test
  void aRedeliveredEventCountsOnce() {
    String dataset = unique("ds");
    String eventId = UUID.randomUUID().toString();
    Usage usage =
        Usage.builder().add(Meter.SNS_REQUESTS, 3).add(Meter.INGESTED_BYTES, 1000).build();

    assertThat(ledger.countOnce(eventId, dataset, NOVEMBER, usage)).isTrue();
    assertThat(ledger.countOnce(eventId, dataset, NOVEMBER, usage)).as("redelivered").isFalse();
    assertThat(ledger.countOnce(UUID.randomUUID().toString(), dataset, NOVEMBER, usage)).isTrue();

    assertThat(ledger.usage(dataset, NOVEMBER))
        .isEqualTo(Usage.builder().add(usage).add(usage).build());
    assertThat(ledger.usage(dataset, NOVEMBER.next())).isEqualTo(Usage.NONE);
  }

  @Test
  void usageOfSeveralDatasetsIsReadAtOnce_withoutTheOnesThatHaveNone() {
    String a = unique("a");
    String b = unique("b");
    ledger.countOnce(UUID.randomUUID().toString(), a, NOVEMBER, usage(Meter.S3_PUT_REQUESTS, 2));
    ledger.countOnce(UUID.randomUUID().toString(), b, NOVEMBER, usage(Meter.S3_GET_REQUESTS, 5));

    Map<String, Usage> found = ledger.usage(List.of(a, b, unique("none")), NOVEMBER);

    assertThat(found)
        .containsOnlyKeys(a, b)
        .containsEntry(a, usage(Meter.S3_PUT_REQUESTS, 2))
        .containsEntry(b, usage(Meter.S3_GET_REQUESTS, 5));
  }

  @Test
  void aMeasuredWindowIsAddedOnce_andOnlyFromTheWatermarkItStartsAt() {
    Optional<Instant> before = ledger.metricsWatermark();
    Instant to = before.orElse(Instant.parse("2026-11-01T00:00:00Z")).plus(Duration.ofMinutes(5));
    BudgetPeriod period = BudgetPeriod.containing(to);
    Usage shared = ledger.usage(CostLedger.SHARED, period);
    Map<BudgetPeriod, Usage> window = Map.of(period, usage(Meter.LAMBDA_GB_SECONDS, 7));

    assertThat(ledger.addMeasured(before, to, window)).isTrue();
    assertThat(ledger.addMeasured(before, to, window)).as("the same window again").isFalse();

    assertThat(ledger.metricsWatermark()).contains(to);
    assertThat(ledger.usage(CostLedger.SHARED, period).get(Meter.LAMBDA_GB_SECONDS))
        .isEqualByComparingTo(shared.get(Meter.LAMBDA_GB_SECONDS).add(BigDecimal.valueOf(7)));
  }

  @Test
  void anAlertIsNewOnce_unsentUntilMarked_thenSent() {
    String key = unique("flights") + "#2026-11#80";

    assertThat(ledger.claimAlert(key, "id-1")).isEqualTo(CostLedger.AlertState.NEW);
    assertThat(ledger.claimAlert(key, "id-1")).isEqualTo(CostLedger.AlertState.UNSENT);
    ledger.markAlertSent(key);
    assertThat(ledger.claimAlert(key, "id-1")).isEqualTo(CostLedger.AlertState.SENT);
  }

  @Test
  void holdsAreReplacedOnlyFromTheVersionTheyWereReadAt() {
    PauseHolds read = ledger.holds();
    PauseHold hold =
        new PauseHold(
            unique("holder"),
            List.of("validation"),
            "test",
            "urn:test",
            null,
            Instant.parse("2026-11-30T00:00:00Z"),
            null);

    assertThat(ledger.replaceHolds(read, read.with(hold))).isTrue();
    assertThat(ledger.replaceHolds(read, read)).as("stale version").isFalse();

    PauseHolds now = ledger.holds();
    assertThat(now.version()).isEqualTo(read.version() + 1);
    assertThat(now.hold(hold.holder())).contains(hold);
    assertThat(ledger.replaceHolds(now, now.releasing(List.of("validation")))).isTrue();
  }

  /**
   * A redelivery can come from the end of the queue's, the DLQ's and the delivery DLQ's retention.
   */
  @Test
  void eventMarkersOutliveTheLatestRedeliveryOfAnEvent() {
    String queue = topology.function("cost-guard").orElseThrow().consumes().queue();
    QueueSpec spec = topology.queue(queue).orElseThrow();
    long latest = spec.messageRetentionSeconds() + spec.deadLetter().messageRetentionSeconds();
    for (SubscriptionSpec s : topology.subscriptions()) {
      if (s.queue().equals(queue) && s.deliveryDeadLetterQueue().isPresent()) {
        latest += s.deliveryDeadLetterQueue().get().messageRetentionSeconds();
      }
    }
    assertThat(CostLedger.EVENT_MARKER_LIFETIME).isGreaterThan(Duration.ofSeconds(latest));
    assertThat(CostLedger.PERIOD_ITEM_LIFETIME.toDays())
        .isLessThanOrEqualTo(topology.ledger(Ledgers.COST).orElseThrow().ttlDays());
  }

  private static Usage usage(Meter meter, long amount) {
    return Usage.builder().add(meter, amount).build();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }
}
