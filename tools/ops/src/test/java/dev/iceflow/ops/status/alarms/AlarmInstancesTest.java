package dev.iceflow.ops.status.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.ObservabilitySpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.ops.status.alarms.AlarmInstance.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The packaged topology's alarms, per target, under a deployment's names. */
class AlarmInstancesTest {

  private static final Contracts CONTRACTS = Contracts.packaged();
  private static final Topology TOPOLOGY = CONTRACTS.topology();

  private static List<String> deadLetterQueues() {
    List<String> dlqs = new ArrayList<>();
    TOPOLOGY.queues().stream()
        .map(QueueSpec::deadLetterQueue)
        .flatMap(Optional::stream)
        .forEach(d -> dlqs.add(d.name()));
    TOPOLOGY.subscriptions().stream()
        .map(SubscriptionSpec::deliveryDeadLetterQueue)
        .flatMap(Optional::stream)
        .forEach(d -> dlqs.add(d.name()));
    return dlqs;
  }

  private static Map<String, String> deployed(List<String> logical) {
    Map<String, String> names = new LinkedHashMap<>();
    logical.forEach(n -> names.put(n, "dep-" + n));
    return names;
  }

  private static List<AlarmInstance> instances(Topology topology) {
    List<String> queues = new ArrayList<>(topology.queues().stream().map(QueueSpec::name).toList());
    queues.addAll(deadLetterQueues());
    return AlarmInstances.of(
        topology,
        deployed(queues),
        deadLetterQueues(),
        deployed(topology.functions().stream().map(f -> f.name()).toList()),
        CONTRACTS.datasets().keySet(),
        Map.of());
  }

  private static List<AlarmInstance> of(String alarm) {
    return instances(TOPOLOGY).stream().filter(i -> i.alarm().name().equals(alarm)).toList();
  }

  @Test
  void shouldWatchEveryRedriveAndDeliveryDeadLetterQueueByItsDeployedName() {
    assertThat(of("dlq-not-empty"))
        .extracting(AlarmInstance::dimension)
        .containsExactlyElementsOf(
            deadLetterQueues().stream()
                .map(d -> Optional.of(new Dimension("QueueName", "dep-" + d)))
                .toList());
    assertThat(deadLetterQueues()).contains("enrichment-dlq", "enrichment-delivery-dlq");
  }

  @Test
  void shouldWatchFunctionsByDeployedName_datasetsByName_andThePipelineWithoutDimension() {
    assertThat(of("function-errors"))
        .extracting(i -> i.dimension().orElseThrow())
        .contains(new Dimension("FunctionName", "dep-validation"))
        .hasSize(TOPOLOGY.functions().size());
    assertThat(of("quarantine-spike"))
        .extracting(AlarmInstance::target)
        .containsExactlyInAnyOrderElementsOf(CONTRACTS.datasets().keySet());
    assertThat(of("quarantine-spike").get(0).dimension().orElseThrow().name()).isEqualTo("Dataset");
    assertThat(of("pipeline-paused"))
        .singleElement()
        .satisfies(i -> assertThat(i.dimension()).isEmpty())
        .satisfies(i -> assertThat(i.target()).isEqualTo(AlarmInstances.PIPELINE));
    assertThat(of("ingest-unrouted-not-empty"))
        .extracting(AlarmInstance::watched)
        .containsExactly("dep-ingest-unrouted");
  }

  @Test
  void shouldRefuseAnAlarmOnAQueueTheTopologyDoesNotHave() {
    AlarmSpec unrouted = TOPOLOGY.observability().alarm("ingest-unrouted-not-empty").orElseThrow();
    AlarmSpec elsewhere =
        new AlarmSpec(
            unrouted.name(),
            unrouted.description(),
            unrouted.runbook(),
            "queue:nowhere",
            unrouted.metric(),
            unrouted.ratioOf(),
            unrouted.statistic(),
            unrouted.periodSeconds(),
            unrouted.evaluationPeriods(),
            unrouted.datapointsToAlarm(),
            unrouted.comparison(),
            unrouted.threshold(),
            unrouted.treatMissingData());
    ObservabilitySpec observability = TOPOLOGY.observability();
    Topology changed =
        new Topology(
            TOPOLOGY.description(),
            TOPOLOGY.version(),
            TOPOLOGY.kmsKey(),
            TOPOLOGY.buckets(),
            TOPOLOGY.ledgers(),
            TOPOLOGY.topics(),
            TOPOLOGY.queues(),
            TOPOLOGY.subscriptions(),
            TOPOLOGY.functions(),
            TOPOLOGY.schedules(),
            new ObservabilitySpec(
                observability.description(),
                observability.namespace(),
                observability.metrics(),
                List.of(elsewhere)));

    assertThatThrownBy(() -> instances(changed)).hasMessageContaining("queue nowhere");
  }
}
