package dev.iceflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.Queues;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.TopicSpec;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.contracts.topology.Topology;
import java.util.HashSet;
import java.util.List;
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
    for (var field : Queues.class.getFields()) {
      assertThat(topology.queue((String) field.get(null))).as(field.getName()).isPresent();
    }
    assertThat(Topics.class.getFields()).hasSize(topology.topics().size());
    assertThat(Buckets.class.getFields()).hasSize(topology.buckets().size());
  }

  @Test
  void everySubscriptionJoinsAnExistingTopicToAnExistingQueueOfTheSameKind() {
    for (SubscriptionSpec s : topology.subscriptions()) {
      TopicSpec topic =
          topology.topic(s.topic()).orElseThrow(() -> new AssertionError("no topic " + s.topic()));
      QueueSpec queue =
          topology.queue(s.queue()).orElseThrow(() -> new AssertionError("no queue " + s.queue()));
      assertThat(queue.fifo()).as("%s -> %s", s.topic(), s.queue()).isEqualTo(topic.fifo());
      assertThat(s.filterPolicy().isObject()).isTrue();
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

  @Test
  void ingestRoutingNamesExactlyTheDatasetsThatHaveAContract() {
    SubscriptionSpec validation = subscription("ingest", "validation-ingest");

    assertThat(strings(validation.filterPolicy().get("dataset")))
        .containsExactlyInAnyOrderElementsOf(contracts.datasets().keySet());
  }

  /**
   * SNS drops a message no subscription's policy matches, so the parking queue must take exactly
   * what validation does not: no dataset at all, or one without a contract. Both read the body, as
   * a publish without message attributes must be routed too (an attribute policy never matches a
   * message without attributes, not even {@code "exists": false}: <a
   * href="https://docs.aws.amazon.com/sns/latest/dg/attribute-key-matching.html">key matching</a>).
   */
  @Test
  void theUnroutedPolicyIsTheComplementOfValidationsOnTheSameKeyOfTheBody() {
    SubscriptionSpec validation = subscription("ingest", "validation-ingest");
    SubscriptionSpec unrouted = subscription("ingest", "ingest-unrouted");
    JsonNode known = validation.filterPolicy().get("dataset");

    assertThat(validation.filterPolicyScope()).isEqualTo("MessageBody");
    assertThat(unrouted.filterPolicyScope()).isEqualTo("MessageBody");
    assertThat(fieldNames(validation.filterPolicy())).containsExactly("dataset");
    assertThat(unrouted.filterPolicy())
        .isEqualTo(
            Contracts.mapper()
                .createObjectNode()
                .set(
                    "dataset",
                    Contracts.mapper()
                        .createArrayNode()
                        .add(Contracts.mapper().createObjectNode().put("exists", false))
                        .add(Contracts.mapper().createObjectNode().set("anything-but", known))));
    assertThat(topology.subscriptions())
        .filteredOn(s -> s.topic().equals("ingest"))
        .extracting(SubscriptionSpec::queue)
        .containsExactlyInAnyOrder("validation-ingest", "ingest-unrouted");
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

  private SubscriptionSpec subscription(String topic, String queue) {
    return topology.subscriptions().stream()
        .filter(s -> s.topic().equals(topic) && s.queue().equals(queue))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no subscription " + topic + " -> " + queue));
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
