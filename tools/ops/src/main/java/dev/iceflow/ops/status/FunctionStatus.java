package dev.iceflow.ops.status;

import java.util.List;

/**
 * A function's event source mappings as the Lambda API lists them for its deployed name; {@code
 * found} is false when the Lambda API does not know the function. Anything but every mapping
 * Enabled is a problem: a Disabled mapping leaves its queue filling up.
 */
public record FunctionStatus(String function, String name, boolean found, List<Mapping> mappings) {

  public static final String ENABLED = "Enabled";

  public FunctionStatus {
    mappings = List.copyOf(mappings);
  }

  public record Mapping(String uuid, String state, String eventSourceArn) {}

  public boolean problem() {
    return !found || mappings.stream().anyMatch(m -> !ENABLED.equals(m.state()));
  }

  /** The problem line, when {@link #problem()}. */
  String problemLine() {
    if (!found) {
      return "function %s (%s) is not found by the Lambda API".formatted(function, name);
    }
    List<String> states =
        mappings.stream()
            .filter(m -> !ENABLED.equals(m.state()))
            .map(m -> m.state() + " (" + m.eventSourceArn() + ")")
            .toList();
    return "function %s (%s) has event source mappings not Enabled: %s"
        .formatted(function, name, String.join(", ", states));
  }
}
