package dev.iceflow.ops.control;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;

/**
 * Watches functions' event source mappings through the Lambda API until every one is in a state
 * (Disabled after a pause, Enabled after a resume), printing each function's states when they
 * change. A function without mappings has nothing to switch and counts as there.
 */
final class MappingWatch {

  /** Between two readings: the Lambda API is cheap, and cost-guard acts within seconds. */
  static final Duration POLL = Duration.ofSeconds(1);

  private final LambdaClient lambda;
  private final PrintWriter out;

  MappingWatch(LambdaClient lambda, PrintWriter out) {
    this.lambda = lambda;
    this.out = out;
  }

  /**
   * Waits up to {@code wait} for every mapping of the functions (logical name → deployed name) to
   * be in {@code state}; returns the states of those that are not, by function (empty: all are).
   */
  Map<String, String> await(Map<String, String> deployedNames, String state, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    Map<String, String> printed = new HashMap<>();
    while (true) {
      Map<String, String> behind = new LinkedHashMap<>();
      for (Map.Entry<String, String> function : deployedNames.entrySet()) {
        List<String> states = states(function.getValue());
        String summary = summary(states);
        if (!summary.equals(printed.put(function.getKey(), summary))) {
          out.printf("  %s (%s): %s%n", function.getKey(), function.getValue(), summary);
          out.flush();
        }
        if (states.stream().anyMatch(s -> !s.equals(state))) {
          behind.put(function.getKey(), summary);
        }
      }
      if (behind.isEmpty() || System.nanoTime() >= deadline) {
        return behind;
      }
      Thread.sleep(
          Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  private List<String> states(String functionName) {
    return lambda
        .listEventSourceMappingsPaginator(r -> r.functionName(functionName))
        .eventSourceMappings()
        .stream()
        .map(EventSourceMappingConfiguration::state)
        .toList();
  }

  /** "Disabled", "2 mappings: Disabled 1, Disabling 1", "no event source mappings". */
  private static String summary(List<String> states) {
    if (states.isEmpty()) {
      return "no event source mappings (nothing to switch)";
    }
    TreeMap<String, Long> counts =
        states.stream().collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    if (counts.size() == 1) {
      String only = counts.firstKey();
      return states.size() == 1 ? only : "%s (%d mappings)".formatted(only, states.size());
    }
    return "%d mappings: %s"
        .formatted(
            states.size(),
            counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
  }
}
