package dev.iceflow.ops.control;

import dev.iceflow.cost.PauseHold;
import dev.iceflow.cost.PauseHolds;
import java.io.PrintWriter;

/**
 * Prints the pause holds in cost-guard's ledger: a function stays paused while any hold names it,
 * so after a resume these are the pauses still in force on other functions, and by whom.
 */
public final class HoldsReport {

  private HoldsReport() {}

  public static void print(PauseHolds holds, String table, PrintWriter out) {
    if (holds.holds().isEmpty()) {
      out.printf("No pause holds in %s: nothing is paused.%n", table);
      return;
    }
    out.printf("Pause holds in force (%s):%n", table);
    for (PauseHold hold : holds.holds()) {
      out.printf(
          "  %s: %s, by %s%s, since %s, until %s%n    reason: %s%n",
          hold.holder(),
          String.join(", ", hold.functions()),
          hold.requestedBy(),
          hold.dataset() == null ? "" : " for dataset " + hold.dataset(),
          hold.since(),
          hold.lapsesAt().map(Object::toString).orElse("a resume"),
          hold.reason());
    }
  }
}
