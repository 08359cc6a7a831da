package dev.iceflow.ops.status.alarms;

import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.AlarmTarget;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.ops.status.alarms.AlarmInstance.Dimension;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * Every alarm of the topology for each of its targets (contracts {@link AlarmTarget}), named as a
 * deployment names them: what Terraform's modules/alarm-definitions creates in AWS.
 */
public final class AlarmInstances {

  /** The pipeline target's one instance. */
  public static final String PIPELINE = "pipeline";

  private AlarmInstances() {}

  /**
   * @param queueNames deployed name by logical name of every queue and DLQ of the topology
   * @param deadLetterQueues logical names of every redrive and delivery DLQ
   * @param functionNames deployed name by logical name of every function
   * @param datasets the datasets with a data contract
   * @param thresholds the deployment's thresholds by alarm name, where it overrides the topology's
   *     (Terraform's alarm_thresholds)
   */
  public static List<AlarmInstance> of(
      Topology topology,
      Map<String, String> queueNames,
      Collection<String> deadLetterQueues,
      Map<String, String> functionNames,
      Collection<String> datasets,
      Map<String, Double> thresholds) {
    List<AlarmInstance> instances = new ArrayList<>();
    for (AlarmSpec declared : topology.observability().alarms()) {
      Double own = thresholds.get(declared.name());
      AlarmSpec alarm = own == null ? declared : declared.withThreshold(own);
      AlarmTarget target = alarm.parsedTarget();
      Map<String, String> named =
          switch (target.kind()) {
            case DEAD_LETTER_QUEUES -> deployed(deadLetterQueues, queueNames);
            case CONSUMED_QUEUES ->
                deployed(
                    topology.functions().stream()
                        .map(FunctionSpec::consumes)
                        .map(c -> c.queue())
                        .distinct()
                        .toList(),
                    queueNames);
            case QUEUE -> deployed(List.of(target.queue().orElseThrow()), queueNames);
            case FUNCTIONS -> functionNames;
            case DATASETS -> datasets.stream().collect(toOrderedMap());
            case PIPELINE -> Map.of(PIPELINE, PIPELINE);
          };
      for (Map.Entry<String, String> instance : named.entrySet()) {
        Optional<Dimension> dimension =
            target.kind().dimension().map(d -> new Dimension(d, instance.getValue()));
        instances.add(new AlarmInstance(alarm, instance.getKey(), dimension));
      }
    }
    return instances;
  }

  /** Logical name → deployed name, for queues the topology names. */
  private static Map<String, String> deployed(
      Collection<String> logical, Map<String, String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : logical) {
      String deployed = names.get(name);
      if (deployed == null) {
        throw new IllegalStateException("an alarm targets queue " + name + ", not in the topology");
      }
      out.put(name, deployed);
    }
    return out;
  }

  /** A dataset is its own dimension value. */
  private static Collector<String, ?, Map<String, String>> toOrderedMap() {
    return Collectors.toMap(d -> d, d -> d, (a, b) -> a, LinkedHashMap::new);
  }
}
