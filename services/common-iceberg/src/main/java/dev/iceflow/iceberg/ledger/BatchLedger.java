package dev.iceflow.iceberg.ledger;

import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.topology.Ledgers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The durable record of which batches a table holds: one DynamoDB item per (table, batch id) with
 * the batch's content fingerprint and the commit id it was committed under, written with
 * conditional writes (the pattern of Powertools' idempotency utility). It outlives SQS retention,
 * the DLQs and snapshot expiry, so a batch redelivered however late is recognised.
 *
 * <p>An item is {@code PENDING} from just before the Iceberg commit (with its commit id) and {@code
 * COMMITTED} (with the snapshot id) after it. A crash between the two leaves it PENDING; whoever
 * meets it next settles it by looking the commit id up in the table's history (the commit stage),
 * so neither crash window can commit a batch twice or lose it. Snapshot expiry settles the PENDING
 * entries of every snapshot it is about to expire first ({@link #settle}): once a snapshot is gone,
 * its commit id can no longer be looked up.
 */
public final class BatchLedger {

  public static final String PARTITION_KEY = "pk";
  public static final String STATUS = "status";
  public static final String FINGERPRINT_RECORDS = "records";
  public static final String FINGERPRINT_SHA256 = "sha256";
  public static final String COMMIT_ID = "commitId";
  public static final String SNAPSHOT_ID = "snapshotId";
  public static final String UPDATED_AT = "updatedAt";
  public static final String EXPIRES_AT = "expiresAt";

  /** DynamoDB's limit of keys in one BatchGetItem request. */
  private static final int BATCH_GET_LIMIT = 100;

  private final DynamoDbClient dynamo;
  private final String tableName;
  private final Duration timeToLive;
  private final Clock clock;

  public BatchLedger(DynamoDbClient dynamo, String tableName, Duration timeToLive, Clock clock) {
    this.dynamo = dynamo;
    this.tableName = tableName;
    this.timeToLive = timeToLive;
    this.clock = clock;
  }

  /** The ledger's DynamoDB table in this deployment; fails when none is configured. */
  public static String configuredTable(IceflowConfig config) {
    String table = config.ledgers().get(Ledgers.IDEMPOTENCY);
    if (table == null || table.isBlank()) {
      throw new IllegalStateException(
          "no idempotency ledger configured (set iceflow.ledgers.%s / ICEFLOW_LEDGERS_%s)"
              .formatted(Ledgers.IDEMPOTENCY, Ledgers.IDEMPOTENCY.toUpperCase()));
    }
    return table;
  }

  public Optional<Entry> find(String table, String batchId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(r -> r.tableName(tableName).key(key(table, batchId)).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            Status.valueOf(item.get(STATUS).s()),
            new Fingerprint(
                Long.parseLong(item.get(FINGERPRINT_RECORDS).n()),
                item.containsKey(FINGERPRINT_SHA256) ? item.get(FINGERPRINT_SHA256).s() : null),
            item.get(COMMIT_ID).s(),
            item.containsKey(SNAPSHOT_ID) ? Long.parseLong(item.get(SNAPSHOT_ID).n()) : null,
            Instant.parse(item.get(UPDATED_AT).s())));
  }

  /**
   * Records that {@code batchId} is about to be committed under {@code commitId}. Refused when the
   * batch is already COMMITTED, or PENDING with other content (another writer got there first).
   */
  public void begin(String table, String batchId, Fingerprint fingerprint, String commitId) {
    Map<String, AttributeValue> item = new HashMap<>(key(table, batchId));
    item.put(STATUS, s(Status.PENDING.name()));
    item.put(FINGERPRINT_RECORDS, n(fingerprint.records()));
    if (fingerprint.sha256() != null) {
      item.put(FINGERPRINT_SHA256, s(fingerprint.sha256()));
    }
    item.put(COMMIT_ID, s(commitId));
    item.put(UPDATED_AT, s(clock.instant().toString()));
    item.put(EXPIRES_AT, n(clock.instant().plus(timeToLive).getEpochSecond()));
    try {
      dynamo.putItem(
          r ->
              r.tableName(tableName)
                  .item(item)
                  .conditionExpression(
                      "attribute_not_exists(#pk) OR (#status = :pending AND #records = :records)")
                  .expressionAttributeNames(
                      Map.of(
                          "#pk", PARTITION_KEY,
                          "#status", STATUS,
                          "#records", FINGERPRINT_RECORDS))
                  .expressionAttributeValues(
                      Map.of(
                          ":pending", s(Status.PENDING.name()),
                          ":records", n(fingerprint.records()))));
    } catch (ConditionalCheckFailedException e) {
      throw new LedgerConflictException(
          "batch %s of %s is already in the ledger as committed, or pending with other content"
              .formatted(batchId, table),
          e);
    }
  }

  /** Marks {@code batchId} committed in {@code snapshotId}, if it is still ours to mark. */
  public void complete(String table, String batchId, String commitId, long snapshotId) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(tableName)
                  .key(key(table, batchId))
                  .updateExpression(
                      "SET #status = :committed, #snapshot = :snapshot, #updated = :now,"
                          + " #expires = :expires")
                  .conditionExpression("#commit = :commit")
                  .expressionAttributeNames(
                      Map.of(
                          "#status", STATUS,
                          "#snapshot", SNAPSHOT_ID,
                          "#updated", UPDATED_AT,
                          "#expires", EXPIRES_AT,
                          "#commit", COMMIT_ID))
                  .expressionAttributeValues(
                      Map.of(
                          ":committed", s(Status.COMMITTED.name()),
                          ":snapshot", n(snapshotId),
                          ":now", s(clock.instant().toString()),
                          ":expires", n(clock.instant().plus(timeToLive).getEpochSecond()),
                          ":commit", s(commitId))));
    } catch (ConditionalCheckFailedException e) {
      throw new LedgerConflictException(
          "batch %s of %s was committed under %s, but its ledger entry names another commit"
              .formatted(batchId, table, commitId),
          e);
    }
  }

  /**
   * Settles what a snapshot about to be expired committed: each of {@code batchIds} still PENDING
   * under {@code commitId} becomes COMMITTED in {@code snapshotId}. Read in BatchGetItem pages (a
   * PENDING entry is rare: only a writer stopped between its commit and its ledger update leaves
   * one), written only where needed. Returns how many entries it settled.
   */
  public int settle(String table, String commitId, List<String> batchIds, long snapshotId) {
    int settled = 0;
    for (int from = 0; from < batchIds.size(); from += BATCH_GET_LIMIT) {
      List<Map<String, AttributeValue>> keys =
          batchIds.subList(from, Math.min(from + BATCH_GET_LIMIT, batchIds.size())).stream()
              .distinct()
              .map(id -> key(table, id))
              .toList();
      for (Map<String, AttributeValue> item : getAll(keys)) {
        if (Status.PENDING.name().equals(item.get(STATUS).s())
            && commitId.equals(item.get(COMMIT_ID).s())) {
          String pk = item.get(PARTITION_KEY).s();
          complete(table, pk.substring(table.length() + 1), commitId, snapshotId);
          settled++;
        }
      }
    }
    return settled;
  }

  /**
   * Forgets that {@code batchId} is in the table, when its entry names {@code commitId} or {@code
   * snapshotId}: for a snapshot that was rolled back, so that the ledger still says only what the
   * table holds and a redelivery of the batch is committed again instead of dropped as a duplicate.
   * An entry naming another commit is left alone (the batch landed elsewhere since).
   */
  public Released release(String table, String batchId, String commitId, long snapshotId) {
    try {
      Map<String, AttributeValue> old =
          dynamo
              .deleteItem(
                  r ->
                      r.tableName(tableName)
                          .key(key(table, batchId))
                          .conditionExpression(
                              "attribute_not_exists(#pk) OR #commit = :commit"
                                  + " OR #snapshot = :snapshot")
                          .expressionAttributeNames(
                              Map.of(
                                  "#pk", PARTITION_KEY,
                                  "#commit", COMMIT_ID,
                                  "#snapshot", SNAPSHOT_ID))
                          .expressionAttributeValues(
                              Map.of(":commit", s(commitId), ":snapshot", n(snapshotId)))
                          .returnValues(ReturnValue.ALL_OLD))
              .attributes();
      return old == null || old.isEmpty()
          ? new Released(batchId, ReleaseOutcome.ABSENT, Map.of())
          : new Released(batchId, ReleaseOutcome.RELEASED, old);
    } catch (ConditionalCheckFailedException e) {
      return new Released(batchId, ReleaseOutcome.HELD_ELSEWHERE, Map.of());
    }
  }

  /** Puts back an entry {@link #release} removed, unless the batch has an entry again since. */
  public void restore(Released released) {
    if (released.outcome() != ReleaseOutcome.RELEASED) {
      return;
    }
    try {
      dynamo.putItem(
          r ->
              r.tableName(tableName)
                  .item(released.item())
                  .conditionExpression("attribute_not_exists(#pk)")
                  .expressionAttributeNames(Map.of("#pk", PARTITION_KEY)));
    } catch (ConditionalCheckFailedException e) {
      throw new LedgerConflictException(
          "batch %s has a new ledger entry since it was released; not restoring the old one"
              .formatted(released.batchId()),
          e);
    }
  }

  /** Every item of {@code keys}, following UnprocessedKeys until DynamoDB has answered them all. */
  private List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, KeysAndAttributes> request =
        Map.of(tableName, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
    while (!request.isEmpty()) {
      Map<String, KeysAndAttributes> pending = request;
      BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(pending));
      items.addAll(response.responses().getOrDefault(tableName, List.of()));
      request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
    }
    return items;
  }

  private static Map<String, AttributeValue> key(String table, String batchId) {
    return Map.of(PARTITION_KEY, s(table + "#" + batchId));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  private static AttributeValue n(long value) {
    return AttributeValue.builder().n(Long.toString(value)).build();
  }

  /** What {@link #release} did with a batch's entry. */
  public enum ReleaseOutcome {
    /** Removed: the batch is no longer recorded as in the table. */
    RELEASED,
    /** There was none (never written, or expired by its time to live). */
    ABSENT,
    /** Kept: it names another commit and snapshot, so the batch is in the table through those. */
    HELD_ELSEWHERE
  }

  /** One batch's release, with the removed item ({@link #restore} puts it back). */
  public record Released(String batchId, ReleaseOutcome outcome, Map<String, AttributeValue> item) {

    public Released {
      item = Map.copyOf(item);
    }
  }

  public enum Status {
    PENDING,
    COMMITTED
  }

  /**
   * A ledger item: the batch's state, content, commit id, (once committed) snapshot, and when it
   * was last written. For a PENDING entry that is just before its commit was tried: a snapshot of
   * that commit can only be younger.
   */
  public record Entry(
      Status status, Fingerprint fingerprint, String commitId, Long snapshotId, Instant updatedAt) {

    /** The same content: same record count, and same digest where both have one. */
    public boolean holds(Fingerprint other) {
      return fingerprint.records() == other.records()
          && (fingerprint.sha256() == null
              || other.sha256() == null
              || fingerprint.sha256().equals(other.sha256()));
    }
  }
}
