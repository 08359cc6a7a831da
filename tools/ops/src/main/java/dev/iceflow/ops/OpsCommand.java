package dev.iceflow.ops;

import dev.iceflow.ops.compact.CompactCommand;
import dev.iceflow.ops.compact.CompactNowCommand;
import dev.iceflow.ops.contract.ContractCheckCommand;
import dev.iceflow.ops.contract.ContractCommand;
import dev.iceflow.ops.control.PauseCommand;
import dev.iceflow.ops.control.ResumeCommand;
import dev.iceflow.ops.cost.CostCommand;
import dev.iceflow.ops.cost.CostReportCommand;
import dev.iceflow.ops.dlq.DlqCommand;
import dev.iceflow.ops.dlq.DlqListCommand;
import dev.iceflow.ops.dlq.DlqPurgeCommand;
import dev.iceflow.ops.dlq.DlqRedriveCommand;
import dev.iceflow.ops.quarantine.QuarantineCommand;
import dev.iceflow.ops.quarantine.QuarantineListCommand;
import dev.iceflow.ops.quarantine.QuarantineReplayCommand;
import dev.iceflow.ops.status.StatusCommand;
import dev.iceflow.ops.table.HistoryCommand;
import dev.iceflow.ops.table.RollbackCommand;
import dev.iceflow.ops.table.TableCommand;
import dev.iceflow.ops.trace.TraceCommand;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ops}: the on-call CLI, against the local platform or an AWS account. Bad arguments print
 * the usage and exit 2 (picocli's ExitCode.USAGE); a failure outside the program one line and 1.
 */
@Command(
    name = "ops",
    mixinStandardHelpOptions = true,
    version = "ops 0.1.0",
    description = "Operates an iceflow deployment: the local platform or an AWS account.",
    footer =
        "%nExit codes: 0 done, 1 failed (one line on stderr), 2 bad arguments (usage on stderr),"
            + " 3 ops status found a problem.")
public final class OpsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The command line with every subcommand, reading the time from {@code clock}. */
  public static CommandLine commandLine(Clock clock) {
    CommandLine cost =
        new CommandLine(new CostCommand()).addSubcommand(new CostReportCommand(clock));
    CommandLine dlq =
        new CommandLine(new DlqCommand())
            .addSubcommand(new DlqListCommand(clock))
            .addSubcommand(new DlqRedriveCommand())
            .addSubcommand(new DlqPurgeCommand());
    CommandLine quarantine =
        new CommandLine(new QuarantineCommand())
            .addSubcommand(new QuarantineListCommand())
            .addSubcommand(new QuarantineReplayCommand(clock, () -> System.in));
    return new CommandLine(new OpsCommand())
        .addSubcommand(cost)
        .addSubcommand(dlq)
        .addSubcommand(quarantine)
        .addSubcommand(new PauseCommand(clock))
        .addSubcommand(
            new CommandLine(new CompactCommand()).addSubcommand(new CompactNowCommand(clock)))
        .addSubcommand(
            new CommandLine(new ContractCommand()).addSubcommand(new ContractCheckCommand()))
        .addSubcommand(new ResumeCommand(clock))
        .addSubcommand(new StatusCommand(clock))
        .addSubcommand(
            new CommandLine(new TableCommand())
                .addSubcommand(new HistoryCommand())
                .addSubcommand(new RollbackCommand(clock)))
        .addSubcommand(new TraceCommand(clock))
        .setExecutionExceptionHandler(new OneLineErrors());
  }

  public static void main(String[] args) {
    System.exit(commandLine(Clock.systemUTC()).execute(args));
  }
}
