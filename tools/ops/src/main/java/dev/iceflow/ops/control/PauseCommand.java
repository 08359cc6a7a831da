package dev.iceflow.ops.control;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code ops pause}: a hold on functions until a resume or a given time. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Pauses functions: publishes pipeline.control pause to the events topic; cost-guard records a"
          + " hold in its ledger and disables the functions' SQS event source mappings, so messages"
          + " wait in their queues (within retention) and none is lost.",
      "Then waits until every mapping of the functions is Disabled, showing their states, and"
          + " prints the holds in force when the cost ledger is known (--prefix or --ledger-table)."
    },
    footer = {
      "",
      "Exit codes: 0 applied (or published, with --no-wait), 1 failed or not applied within --wait"
          + " (one line on stderr), 2 bad arguments."
    })
public final class PauseCommand extends ControlCommand {

  @Option(
      names = "--until",
      paramLabel = "RFC3339",
      converter = InstantConverter.class,
      description =
          "Resume by itself at this time, e.g. 2026-12-01T00:00:00Z (default: held until ops"
              + " resume).")
  Instant until;

  public PauseCommand(Clock clock) {
    super(clock);
  }

  @Override
  ControlAction action() {
    return ControlAction.PAUSE;
  }

  @Override
  Instant until(Instant now) {
    if (until != null && !until.isAfter(now)) {
      throw usage("--until %s is not in the future (now: %s)".formatted(until, now));
    }
    return until;
  }

  /** RFC 3339 with any offset, held as the instant (sent in UTC). */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'%s' is not an RFC 3339 time such as 2026-12-01T00:00:00Z".formatted(value));
      }
    }
  }
}
