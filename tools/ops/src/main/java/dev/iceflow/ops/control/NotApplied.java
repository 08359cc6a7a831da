package dev.iceflow.ops.control;

import dev.iceflow.common.stage.Stage;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.ops.OpsFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The failure of a request published but not applied in time: it says so, and where to look, since
 * only cost-guard applies it (from its queue; what it refuses lands in its dead-letter queue).
 */
final class NotApplied {

  private NotApplied() {}

  static OpsFailure failure(
      ControlRequest request,
      Duration waited,
      Map<String, String> behind,
      Topology topology,
      Optional<String> prefix) {
    String queue =
        topology.function(Stage.COST_GUARD.wireName()).map(f -> f.consumes().queue()).orElseThrow();
    String dlq =
        topology.queue(queue).map(QueueSpec::deadLetter).map(d -> d.name()).orElse(queue + "-dlq");
    List<String> states = new ArrayList<>();
    behind.forEach((function, state) -> states.add(function + " still " + state));
    return new OpsFailure(
        "the %s request %s was published but is not applied after %s (%s). Is cost-guard running"
                .formatted(
                    request.payload().action(),
                    request.envelope().id(),
                    ControlCommand.show(waited),
                    String.join("; ", states))
            + " and draining its queue %s? A request it refused is in %s."
                .formatted(deployed(queue, prefix), deployed(dlq, prefix)));
  }

  private static String deployed(String logical, Optional<String> prefix) {
    return prefix.map(p -> p + "-" + logical).orElse(logical);
  }
}
