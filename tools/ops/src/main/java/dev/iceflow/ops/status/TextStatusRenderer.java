package dev.iceflow.ops.status;

import dev.iceflow.ops.control.HoldsReport;
import dev.iceflow.ops.status.alarms.AlarmState;
import dev.iceflow.ops.status.alarms.AlarmStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ops status}: the queues' counts, the functions' mappings, the holds, the alarms firing,
 * then the problems.
 */
final class TextStatusRenderer {

  static final String PROBLEM = "PROBLEM: ";
  static final String FIRING = "FIRING ";
  static final String NO_ALARM = "  No alarm firing.";

  void render(StatusReport report, TablesSection tables, PrintWriter out) {
    out.printf(
        "Status of %s in %s at %s%n%n", report.prefix(), report.region(), report.generatedAt());
    int width = report.queues().stream().mapToInt(q -> q.name().length()).max().orElse(0);
    out.printf("Queues:%n  %-" + width + "s  waiting  in flight  delayed%n", "name");
    for (QueueStatus queue : report.queues()) {
      out.printf(
          "  %-" + width + "s  %7d  %9d  %7d%s%n",
          queue.name(),
          queue.waiting(),
          queue.inFlight(),
          queue.delayed(),
          queue.deadLetterOf() == null ? "" : "  " + queue.deadLetterOf());
    }
    out.printf("%nFunctions (event source mappings):%n");
    for (FunctionStatus function : report.functions()) {
      out.printf("  %s (%s): %s%n", function.function(), function.name(), mappings(function));
    }
    out.println();
    HoldsReport.print(report.holds(), report.holdsTable(), out);
    out.println();
    tables.printText(out);
    out.println();
    alarms(report, out);
    out.println();
    List<String> problems = report.problems();
    if (problems.isEmpty()) {
      out.println("No problems.");
    }
    problems.forEach(p -> out.println(PROBLEM + p));
    out.flush();
  }

  private static void alarms(StatusReport report, PrintWriter out) {
    Map<AlarmState, Long> states =
        report.alarms().stream()
            .collect(Collectors.groupingBy(a -> a.evaluation().state(), Collectors.counting()));
    out.printf(
        "Alarms (the topology's, %d evaluated: %d in ALARM, %d OK, %d without enough data):%n",
        report.alarms().size(),
        states.getOrDefault(AlarmState.ALARM, 0L),
        states.getOrDefault(AlarmState.OK, 0L),
        states.getOrDefault(AlarmState.INSUFFICIENT_DATA, 0L));
    List<AlarmStatus> firing = report.firing();
    if (firing.isEmpty()) {
      out.println(NO_ALARM);
    }
    firing.forEach(a -> out.println("  " + FIRING + a.line()));
  }

  private static String mappings(FunctionStatus function) {
    if (!function.found()) {
      return "not found";
    }
    if (function.mappings().isEmpty()) {
      return "no event source mappings";
    }
    return String.join(
        ", ",
        function.mappings().stream()
            .map(m -> m.state() + " (" + m.eventSourceArn() + ")")
            .toList());
  }
}
