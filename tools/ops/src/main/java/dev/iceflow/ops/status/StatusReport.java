package dev.iceflow.ops.status;

import dev.iceflow.cost.PauseHold;
import dev.iceflow.cost.PauseHolds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A deployment's queues, functions and pause holds at one moment, and what among them is wrong. */
public record StatusReport(
    Instant generatedAt,
    String region,
    String prefix,
    List<QueueStatus> queues,
    List<FunctionStatus> functions,
    String holdsTable,
    PauseHolds holds) {

  public StatusReport {
    queues = List.copyOf(queues);
    functions = List.copyOf(functions);
  }

  /** One line per problem: non-empty dead-letter queues, mappings not Enabled, pause holds. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    queues.stream()
        .filter(QueueStatus::problem)
        .map(QueueStatus::problemLine)
        .forEach(problems::add);
    functions.stream()
        .filter(FunctionStatus::problem)
        .map(FunctionStatus::problemLine)
        .forEach(problems::add);
    for (PauseHold hold : holds.holds()) {
      problems.add(
          "pause hold %s keeps %s paused (%s)"
              .formatted(hold.holder(), String.join(", ", hold.functions()), hold.reason()));
    }
    return problems;
  }
}
