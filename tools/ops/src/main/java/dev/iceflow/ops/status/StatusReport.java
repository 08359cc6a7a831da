package dev.iceflow.ops.status;

import dev.iceflow.cost.PauseHold;
import dev.iceflow.cost.PauseHolds;
import dev.iceflow.ops.status.alarms.AlarmStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment's queues, functions, pause holds and the topology's alarms at one moment, and what
 * among them is wrong.
 */
public record StatusReport(
    Instant generatedAt,
    String region,
    String prefix,
    List<QueueStatus> queues,
    List<FunctionStatus> functions,
    String holdsTable,
    PauseHolds holds,
    List<AlarmStatus> alarms) {

  public StatusReport {
    queues = List.copyOf(queues);
    functions = List.copyOf(functions);
    alarms = List.copyOf(alarms);
  }

  public List<AlarmStatus> firing() {
    return alarms.stream().filter(AlarmStatus::firing).toList();
  }

  /** Whether a firing alarm watches this queue (by its deployed name). */
  public boolean alarmed(QueueStatus queue) {
    return firing().stream()
        .anyMatch(
            a ->
                a.instance().dimension().isPresent()
                    && a.instance().watched().equals(queue.name()));
  }

  /** One line per problem: firing alarms, mappings not Enabled, pause holds. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    firing().stream().map(a -> "alarm " + a.line()).forEach(problems::add);
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
