package dev.iceflow.ops.control;

import java.time.Clock;
import picocli.CommandLine.Command;

/** {@code ops resume}: releases functions from every pause hold. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Resumes functions: publishes pipeline.control resume to the events topic; cost-guard"
          + " releases the functions from every hold (an operator's or its own hard-limit pause)"
          + " and enables their SQS event source mappings, which then drain what waited.",
      "Then waits until every mapping of the functions is Enabled, showing their states, and"
          + " prints the holds still in force on other functions when the cost ledger is known"
          + " (--prefix or --ledger-table).",
      "A budget that is still over its hard limit does not pause again in the same month: its"
          + " pause is sent once per period."
    },
    footer = {
      "",
      "Exit codes: 0 applied (or published, with --no-wait), 1 failed or not applied within --wait"
          + " (one line on stderr), 2 bad arguments."
    })
public final class ResumeCommand extends ControlCommand {

  public ResumeCommand(Clock clock) {
    super(clock);
  }

  @Override
  ControlAction action() {
    return ControlAction.RESUME;
  }
}
