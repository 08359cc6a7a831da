package dev.iceflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.AlarmTarget;
import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.contracts.topology.MetricRef;
import dev.iceflow.contracts.topology.MetricSpec;
import dev.iceflow.contracts.topology.ObservabilitySpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.Queues;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.TopicSpec;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.contracts.topology.Topology;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologyTest {

  /** AWS: set the source queue's visibility timeout to at least six times the function timeout. */
  private static final int VISIBILITY_TO_TIMEOUT_RATIO = 6;

  private final Contracts contracts = RepositoryContracts.load();
  private final Topology topology = contracts.topology();

  @Test
  void everyLogicalNameTheCodeUsesIsInTheTopology() throws IllegalAccessException {
    for (var field : Topics.class.getFields()) {
      assertThat(topology.topic((String) field.get(null))).as(field.getName()).isPresent();
    }
    for (var field : Buckets.class.getFields()) {
      assertThat(topology.bucket((String) field.get(null))).as(field.getName()).isPresent();
    }
    for (var field : Ledgers.class.getFields()) {
      assertThat(topology.ledger((String) field.get(null))).as(field.getName()).isPresent();
    }
    for (var field : Queues.class.getFields()) {
      assertThat(topology.queue((String) field.get(null))).as(field.getName()).isPresent();
    }
    for (var field : Schedules.class.getFields()) {
      assertThat(topology.schedule((String) field.get(null))).as(field.getName()).isPresent();
    }
    assertThat(Topics.class.getFields()).hasSize(topology.topics().size());
    assertThat(Ledgers.class.getFields()).hasSize(topology.ledgers().size());
    assertThat(Buckets.class.getFields()).hasSize(topology.buckets().size());
  }

  @Test
  void everyMetricTheCodeEmitsIsDeclared_andEveryAlarmWatchesADeclaredMetricOfAKnownTarget()
      throws IllegalAccessException {
    ObservabilitySpec observability = topology.observability();
    for (var field : MetricNames.class.getFields()) {
      if (!field.getName().endsWith("_DIMENSION")) {
        String name = (String) field.get(null);
        assertThat(observability.metric(name)).as(field.getName()).isPresent();
      }
    }
    for (MetricSpec metric : observability.metrics()) {
      assertThat(topology.function(metric.emittedBy())).as(metric.name()).isPresent();
      assertThat(metric.unit()).isIn("Count", "Milliseconds", "Seconds", "Percent", "None");
    }
    Set<String> alarmNames = new HashSet<>();
    for (AlarmSpec alarm : observability.alarms()) {
      assertThat(alarmNames.add(alarm.name())).as("unique " + alarm.name()).isTrue();
      AlarmTarget target = alarm.parsedTarget();
      target.queue().ifPresent(q -> assertThat(topology.queue(q)).as(alarm.name()).isPresent());
      for (MetricRef ref : java.util.stream.Stream.of(alarm.metric(), alarm.ratioOf()).toList()) {
        if (ref != null && ref.namespace().equals(observability.namespace())) {
          MetricSpec metric =
              observability.metric(ref.name()).orElseThrow(() -> new AssertionError(ref.name()));
          assertThat(metric.dimensions())
              .as(alarm.name() + " dimensions")
              .isEqualTo(target.kind().dimension().stream().toList());
        }
      }
      assertThat(alarm.datapointsToAlarm()).isBetween(1, alarm.evaluationPeriods());
      assertThat(alarm.treatMissingData()).isIn("notBreaching", "breaching", "ignore", "missing");
      assertThat(alarm.runbook()).startsWith("runbooks/").endsWith(".md");
      alarm.breaches(0); // a known comparison
    }
  }

  @Test
  void everyLedgerAFunctionWritesExists_andOutlivesEveryQueueAndItsDeadLetterQueue() {
    long longestRetentionSeconds =
        topology.queues().stream()
            .mapToLong(
                q ->
                    q.messageRetentionSeconds()
                        + (q.deadLetter() == null ? 0 : q.deadLetter().messageRetentionSeconds()))
            .max()
            .orElseThrow();
    for (FunctionSpec f : topology.functions()) {
      for (String ledger : f.writesLedgers()) {
        var spec = topology.ledger(ledger).orElseThrow(() -> new AssertionError("no " + ledger));
        // a batch redelivered from a DLQ at the end of its retention must still find its entry
        assertThat(spec.ttlDays() * 86_400L).as(ledger).isGreaterThan(longestRetentionSeconds);
      }
    }
  }

  @Test
  void everySubscriptionJoinsAnExistingTopicToAnExistingQueueOfTheSameKind() {
    for (SubscriptionSpec s : topology.subscriptions()) {
      TopicSpec topic =
          topology.topic(s.topic()).orElseThrow(() -> new AssertionError("no topic " + s.topic()));
      QueueSpec queue =
          topology.queue(s.queue()).orElseThrow(() -> new AssertionError("no queue " + s.queue()));
      assertThat(queue.fifo()).as("%s -> %s", s.topic(), s.queue()).isEqualTo(topic.fifo());
      if (s.isFiltered()) {
        assertThat(s.filterPolicy().isObject()).isTrue();
      }
    }
  }

  @Test
  void everyFunctionConsumesAQueueWithADeadLetterQueueAndEnoughVisibilityTimeout() {
    for (FunctionSpec f : topology.functions()) {
      QueueSpec queue = topology.queue(f.consumes().queue()).orElseThrow();
      assertThat(queue.deadLetterQueue()).as(f.name()).isPresent();
      assertThat(queue.visibilityTimeoutSeconds())
          .as("visibility timeout of %s", queue.name())
          .isGreaterThanOrEqualTo(VISIBILITY_TO_TIMEOUT_RATIO * f.timeoutSeconds());
      assertThat(f.consumes().reportBatchItemFailures()).as(f.name()).isTrue();
      assertThat(f.publishesTo()).allSatisfy(t -> assertThat(topology.topic(t)).isPresent());
      assertThat(f.sendsToQueues()).allSatisfy(q -> assertThat(topology.queue(q)).isPresent());
    }
  }

  /**
   * A reservation below the mapping's maximum concurrency throttles the mapping's own pollers
   * (Lambda scales the mapping to maximumConcurrency, then the function refuses the extra
   * invocations); the ESM minimum of 2 is why a reservation of 1 is always wrong.
   */
  @Test
  void aReservedConcurrencyIsAtLeastItsMappingsMaximumConcurrency() {
    for (FunctionSpec f : topology.functions()) {
      if (f.reservedConcurrency() != null) {
        assertThat(f.reservedConcurrency())
            .as("%s reservedConcurrency", f.name())
            .isGreaterThanOrEqualTo(f.consumes().maximumConcurrency());
      }
    }
  }

  /**
   * A write prefix narrows a bucket the function writes; for any other bucket it grants nothing.
   */
  @Test
  void writePrefixesNameBucketsTheFunctionWrites() {
    for (FunctionSpec f : topology.functions()) {
      assertThat(f.writesBuckets()).as(f.name()).containsAll(f.writePrefixes().keySet());
      assertThat(f.writePrefixes().values())
          .as(f.name())
          .allSatisfy(p -> assertThat(p).endsWith("/"));
    }
  }

  /**
   * A function that pauses others must not pause itself (nothing would resume it), and only the
   * functions it controls may be paused for cost or by an operator through it.
   */
  @Test
  void controlledFunctionsExist_andNoFunctionControlsItself() {
    for (FunctionSpec f : topology.functions()) {
      for (String controlled : f.controlsFunctions()) {
        assertThat(topology.function(controlled))
            .as("%s controls %s", f.name(), controlled)
            .isPresent();
        assertThat(controlled).as(f.name()).isNotEqualTo(f.name());
      }
    }
  }

  @Test
  void queueNamesAreUniqueIncludingDeadLetterQueues() {
    Set<String> names = new HashSet<>();
    for (QueueSpec q : topology.queues()) {
      assertThat(names.add(q.name())).as(q.name()).isTrue();
      q.deadLetterQueue().ifPresent(d -> assertThat(names.add(d.name())).as(d.name()).isTrue());
    }
    for (SubscriptionSpec s : topology.subscriptions()) {
      s.deliveryDeadLetterQueue()
          .ifPresent(d -> assertThat(names.add(d.name())).as(d.name()).isTrue());
    }
  }

  /**
   * SNS drops a message no subscription's filter policy matches, and a body policy matches nothing
   * that is not a JSON object (<a
   * href="https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html">message
   * filtering</a>), so the ingest topic has one subscription and no filter: validation sees every
   * publish and parks what it cannot route.
   */
  @Test
  void theIngestTopicHasOneSubscription_toValidation_withoutFilterPolicy() {
    assertThat(topology.subscriptions())
        .filteredOn(s -> s.topic().equals(Topics.INGEST))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.queue()).isEqualTo("validation-ingest");
              assertThat(s.isFiltered()).isFalse();
              assertThat(s.filterPolicy()).isNull();
              assertThat(s.filterPolicyScope()).isNull();
            });
  }

  /** Where validation parks what it cannot route: a queue of its own, which validation sends to. */
  @Test
  void theUnroutedQueueExists_andOnlyValidationSendsToIt() {
    assertThat(topology.queue(Queues.INGEST_UNROUTED)).isPresent();
    assertThat(topology.subscriptions()).noneMatch(s -> s.queue().equals(Queues.INGEST_UNROUTED));
    assertThat(topology.functions())
        .filteredOn(f -> f.sendsToQueues().contains(Queues.INGEST_UNROUTED))
        .extracting(FunctionSpec::name)
        .containsExactly("validation");
  }

  /**
   * A delivery SNS gives up on (the queue's KMS key or policy refusing it, the queue gone) goes to
   * the subscription's dead-letter queue, which must be of the topic's kind: <a
   * href="https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html">Amazon SNS
   * dead-letter queues</a>.
   */
  @Test
  void everySubscriptionHasADeliveryDeadLetterQueueOfItsOwn() {
    Set<String> names = new HashSet<>();
    for (SubscriptionSpec s : topology.subscriptions()) {
      assertThat(s.deliveryDeadLetterQueue()).as("%s -> %s", s.topic(), s.queue()).isPresent();
      assertThat(names.add(s.deadLetter().name())).as(s.deadLetter().name()).isTrue();
      assertThat(s.deadLetter().messageRetentionSeconds()).isPositive();
    }
  }

  @Test
  void bucketNotificationsAndSchedulesTargetExistingQueues() {
    topology
        .buckets()
        .forEach(
            b -> b.notifications().forEach(n -> assertThat(topology.queue(n.queue())).isPresent()));
    topology
        .schedules()
        .forEach(s -> assertThat(topology.queue(s.queue())).as(s.name()).isPresent());
  }

  @Test
  void shouldRefuseALogicalNameThatCarriesTheFifoSuffix() {
    assertThatThrownBy(() -> new QueueSpec("commit.fifo", true, false, 30, 60, 0, null, null))
        .hasMessageContaining("logical names are lower-case letters, digits and '-'");
  }

  @Test
  void aStagedFileCanWaitForItsCommitThroughDeliveryDlqQueueAndDlq() {
    // enrichment's 90 s invocation, then 14 days in each of commit-delivery-dlq, commit and
    // commit-dlq: orphan removal must wait longer than that
    assertThat(topology.longestWaitBeforeCommit()).isEqualTo(Duration.ofDays(42).plusSeconds(90));
  }
}
