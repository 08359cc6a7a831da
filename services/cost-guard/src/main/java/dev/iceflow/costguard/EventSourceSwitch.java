package dev.iceflow.costguard;

import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;

/**
 * Turns the event source mappings of a function off and on through the Lambda API: disabled, the
 * function takes no messages and they wait in its queue; enabled, it drains them. The same calls
 * work on AWS and on the local platform.
 */
final class EventSourceSwitch {

  private static final Logger LOG = Logger.getLogger(EventSourceSwitch.class);
  private static final String ENABLED = "Enabled";
  private static final String ENABLING = "Enabling";
  private static final String DISABLED = "Disabled";
  private static final String DISABLING = "Disabling";

  private final LambdaClient lambda;
  private final Map<String, String> deployedNames;

  EventSourceSwitch(LambdaClient lambda, Map<String, String> deployedNames) {
    this.lambda = lambda;
    this.deployedNames = Map.copyOf(deployedNames);
  }

  /** Whether the (logical) function is deployed here, with a name to find its mappings by. */
  boolean isDeployed(String function) {
    String name = deployedNames.get(function);
    return name != null && !name.isBlank();
  }

  /** Sets every mapping of the (logical) function; returns how many it changed. */
  int set(String function, boolean enabled) {
    String name = deployedName(function);
    int changed = 0;
    for (EventSourceMappingConfiguration mapping :
        lambda.listEventSourceMappingsPaginator(r -> r.functionName(name)).eventSourceMappings()) {
      if (alreadyThere(mapping.state(), enabled)) {
        continue;
      }
      lambda.updateEventSourceMapping(r -> r.uuid(mapping.uuid()).enabled(enabled));
      LOG.infof(
          "%s the event source mapping %s of %s (was %s)",
          enabled ? "enabled" : "disabled", mapping.uuid(), name, mapping.state());
      changed++;
    }
    return changed;
  }

  private static boolean alreadyThere(String state, boolean enabled) {
    return enabled
        ? ENABLED.equals(state) || ENABLING.equals(state)
        : DISABLED.equals(state) || DISABLING.equals(state);
  }

  private String deployedName(String function) {
    String name = deployedNames.get(function);
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(
          "no deployed name for function %s: set iceflow.functions.%s"
              .formatted(function, function));
    }
    return name;
  }
}
