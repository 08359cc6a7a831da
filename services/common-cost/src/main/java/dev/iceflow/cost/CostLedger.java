package dev.iceflow.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Cost-guard's ledger on DynamoDB (topology: ledgers → cost), one item per key:
 *
 * <ul>
 *   <li>{@code usage#<dataset>#<period>}: the period's usage per meter, added to atomically; the
 *       dataset {@link #SHARED} holds what CloudWatch measured for the whole pipeline;
 *   <li>{@code event#<id>}: a counted event, written in the same transaction as its usage, so a
 *       redelivered event counts once;
 *   <li>{@code alert#<dataset>#<period>#<name>}: an alert claimed, then marked sent;
 *   <li>{@code watermark#cloudwatch}: where the last CloudWatch reading ended;
 *   <li>{@code pause-holds}: the pause holds in force.
 * </ul>
 */
public final class CostLedger {

  /** The pseudo-dataset of usage measured for the whole pipeline, shared out by volume. */
  public static final String SHARED = "*";

  public static final String PARTITION_KEY = "pk";
  public static final String EXPIRES_AT = "expiresAt";

  /**
   * How long an event marker is kept: longer than an event can take to arrive (the cost-guard
   * queue's 4 days, its DLQ's 14 and the delivery DLQ's 14, redriven at the last moment), so a late
   * redelivery still finds it. CostLedgerTest checks it against the topology.
   */
  public static final Duration EVENT_MARKER_LIFETIME = Duration.ofDays(45);

  /** How long usage and alert items are kept: a year of reports, and the month after. */
  public static final Duration PERIOD_ITEM_LIFETIME = Duration.ofDays(400);

  static final String USAGE = "usage#";
  static final String EVENT = "event#";
  static final String ALERT = "alert#";
  static final String WATERMARK_KEY = "watermark#cloudwatch";
  static final String HOLDS_KEY = "pause-holds";

  private static final String DATASET = "dataset";
  private static final String PERIOD = "period";
  private static final String AT = "at";
  private static final String STATUS = "status";
  private static final String ENVELOPE_ID = "envelopeId";
  private static final String HOLDS = "holds";
  private static final String VERSION = "version";
  private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
  private static final int BATCH_GET_LIMIT = 100;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public CostLedger(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  /** An alert's progress: first claimed now, claimed earlier but not known sent, or sent. */
  public enum AlertState {
    NEW,
    UNSENT,
    SENT
  }

  /**
   * Adds an event's usage to its dataset's period, once: false when the event was counted before (a
   * redelivery), and nothing is added.
   */
  public boolean countOnce(String eventId, String dataset, BudgetPeriod period, Usage usage) {
    Instant now = clock.instant();
    Map<String, AttributeValue> marker = new HashMap<>();
    marker.put(PARTITION_KEY, s(EVENT + eventId));
    marker.put(DATASET, s(dataset));
    marker.put(PERIOD, s(period.key()));
    marker.put(EXPIRES_AT, epoch(now.plus(EVENT_MARKER_LIFETIME)));
    TransactWriteItem put =
        TransactWriteItem.builder()
            .put(
                Put.builder()
                    .tableName(table)
                    .item(marker)
                    .conditionExpression("attribute_not_exists(" + PARTITION_KEY + ")")
                    .build())
            .build();
    try {
      dynamo.transactWriteItems(t -> t.transactItems(put, addUsage(dataset, period, usage, now)));
      return true;
    } catch (TransactionCanceledException e) {
      if (conditionFailed(e, 0)) {
        return false;
      }
      throw e;
    }
  }

  /** The usage of one dataset (or {@link #SHARED}) in a period; none when nothing was counted. */
  public Usage usage(String dataset, BudgetPeriod period) {
    return usage(List.of(dataset), period).getOrDefault(dataset, Usage.NONE);
  }

  /** The usage of each of {@code datasets} in a period that has any, by dataset. */
  public Map<String, Usage> usage(Collection<String> datasets, BudgetPeriod period) {
    Map<String, Usage> found = new LinkedHashMap<>();
    List<String> all = List.copyOf(datasets);
    for (int from = 0; from < all.size(); from += BATCH_GET_LIMIT) {
      List<Map<String, AttributeValue>> keys =
          all.subList(from, Math.min(all.size(), from + BATCH_GET_LIMIT)).stream()
              .map(d -> Map.of(PARTITION_KEY, s(usageKey(d, period))))
              .toList();
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      while (!request.isEmpty()) {
        Map<String, KeysAndAttributes> ask = request;
        BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
        response
            .responses()
            .getOrDefault(table, List.of())
            .forEach(item -> found.put(item.get(DATASET).s(), usageOf(item)));
        request = response.unprocessedKeys();
      }
    }
    return found;
  }

  /** Where the last CloudWatch reading ended; empty before the first. */
  public Optional<Instant> metricsWatermark() {
    Map<String, AttributeValue> item = get(WATERMARK_KEY);
    return item.containsKey(AT) ? Optional.of(Instant.parse(item.get(AT).s())) : Optional.empty();
  }

  /**
   * Adds what CloudWatch measured from {@code from} to {@code to} to the shared usage of each
   * period, and moves the watermark to {@code to}, in one transaction conditional on the watermark
   * still being {@code from}: false when another reading got there first (a redelivered tick), and
   * nothing is added.
   */
  public boolean addMeasured(
      Optional<Instant> from, Instant to, Map<BudgetPeriod, Usage> usageByPeriod) {
    Instant now = clock.instant();
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":to", s(to.toString()));
    String condition = "attribute_not_exists(" + PARTITION_KEY + ")";
    if (from.isPresent()) {
      condition = "#at = :from";
      values.put(":from", s(from.get().toString()));
    }
    Update watermark =
        Update.builder()
            .tableName(table)
            .key(Map.of(PARTITION_KEY, s(WATERMARK_KEY)))
            .updateExpression("SET #at = :to")
            .conditionExpression(condition)
            .expressionAttributeNames(Map.of("#at", AT))
            .expressionAttributeValues(values)
            .build();
    List<TransactWriteItem> items = new ArrayList<>();
    items.add(TransactWriteItem.builder().update(watermark).build());
    usageByPeriod.forEach((period, usage) -> items.add(addUsage(SHARED, period, usage, now)));
    try {
      dynamo.transactWriteItems(t -> t.transactItems(items));
      return true;
    } catch (TransactionCanceledException e) {
      if (conditionFailed(e, 0)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Claims an alert: {@link AlertState#NEW} the first time, else {@link AlertState#UNSENT} when
   * whoever claimed it did not mark it sent (it stopped in between: send again, under the same
   * envelope id) or {@link AlertState#SENT}.
   */
  public AlertState claimAlert(String alertKey, String envelopeId) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PARTITION_KEY, s(ALERT + alertKey));
    item.put(ENVELOPE_ID, s(envelopeId));
    item.put(STATUS, s(AlertState.UNSENT.name()));
    item.put(EXPIRES_AT, epoch(clock.instant().plus(PERIOD_ITEM_LIFETIME)));
    try {
      dynamo.putItem(
          p ->
              p.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(" + PARTITION_KEY + ")"));
      return AlertState.NEW;
    } catch (ConditionalCheckFailedException claimedBefore) {
      Map<String, AttributeValue> existing = get(ALERT + alertKey);
      return AlertState.SENT.name().equals(existing.get(STATUS).s())
          ? AlertState.SENT
          : AlertState.UNSENT;
    }
  }

  public void markAlertSent(String alertKey) {
    dynamo.updateItem(
        u ->
            u.tableName(table)
                .key(Map.of(PARTITION_KEY, s(ALERT + alertKey)))
                .updateExpression("SET #status = :sent")
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(Map.of(":sent", s(AlertState.SENT.name()))));
  }

  /** The pause holds in force (consistent read). */
  public PauseHolds holds() {
    Map<String, AttributeValue> item = get(HOLDS_KEY);
    if (!item.containsKey(HOLDS)) {
      return PauseHolds.NONE;
    }
    try {
      List<PauseHold> holds = JSON.readValue(item.get(HOLDS).s(), new TypeReference<>() {});
      return new PauseHolds(Long.parseLong(item.get(VERSION).n()), holds);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the cost ledger's pause holds are not readable", e);
    }
  }

  /**
   * Replaces the holds read as {@code read} with {@code next}; false when someone else changed them
   * since (read again and redo).
   */
  public boolean replaceHolds(PauseHolds read, PauseHolds next) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PARTITION_KEY, s(HOLDS_KEY));
    item.put(VERSION, n(read.version() + 1));
    try {
      item.put(HOLDS, s(JSON.writeValueAsString(next.holds())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("pause holds could not be written as JSON", e);
    }
    try {
      dynamo.putItem(
          p -> {
            p.tableName(table).item(item);
            if (read.version() == 0) {
              p.conditionExpression("attribute_not_exists(" + PARTITION_KEY + ")");
            } else {
              p.conditionExpression("#version = :read")
                  .expressionAttributeNames(Map.of("#version", VERSION))
                  .expressionAttributeValues(Map.of(":read", n(read.version())));
            }
          });
      return true;
    } catch (ConditionalCheckFailedException changedSince) {
      return false;
    }
  }

  static String usageKey(String dataset, BudgetPeriod period) {
    return USAGE + dataset + "#" + period.key();
  }

  private TransactWriteItem addUsage(
      String dataset, BudgetPeriod period, Usage usage, Instant now) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> adds = new ArrayList<>();
    int i = 0;
    for (Map.Entry<Meter, BigDecimal> amount : usage.amounts().entrySet()) {
      names.put("#m" + i, amount.getKey().attribute());
      values.put(":m" + i, AttributeValue.fromN(amount.getValue().toPlainString()));
      adds.add("#m%d :m%d".formatted(i, i));
      i++;
    }
    names.put("#dataset", DATASET);
    names.put("#period", PERIOD);
    names.put("#expires", EXPIRES_AT);
    values.put(":dataset", s(dataset));
    values.put(":period", s(period.key()));
    values.put(":expires", epoch(now.plus(PERIOD_ITEM_LIFETIME)));
    String expression =
        "SET #dataset = :dataset, #period = :period, #expires = :expires"
            + (adds.isEmpty() ? "" : " ADD " + String.join(", ", adds));
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table)
                .key(Map.of(PARTITION_KEY, s(usageKey(dataset, period))))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build())
        .build();
  }

  private static Usage usageOf(Map<String, AttributeValue> item) {
    Usage.Builder usage = Usage.builder();
    for (Meter meter : Meter.values()) {
      AttributeValue value = item.get(meter.attribute());
      if (value != null && value.n() != null) {
        usage.add(meter, new BigDecimal(value.n()));
      }
    }
    return usage.build();
  }

  private Map<String, AttributeValue> get(String key) {
    return dynamo
        .getItem(g -> g.tableName(table).key(Map.of(PARTITION_KEY, s(key))).consistentRead(true))
        .item();
  }

  private static boolean conditionFailed(TransactionCanceledException e, int index) {
    List<CancellationReason> reasons = e.cancellationReasons();
    return reasons != null
        && reasons.size() > index
        && CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code());
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static AttributeValue epoch(Instant instant) {
    return n(instant.getEpochSecond());
  }
}
