package dev.iceflow.ops.aws;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which deployment a command acts on (a picocli mixin): its prefix, from which the names follow by
 * the rule Terraform and the local provisioner share ({@code <prefix>-<logical name>}:
 * iceflow-local-events, iceflow-local-validation, iceflow-local-cost), each of which can also be
 * named outright.
 */
public final class Deployment {

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      defaultValue = "${env:ICEFLOW_PREFIX}",
      description =
          "Deployment prefix (e.g. iceflow-dev, iceflow-local; default: $ICEFLOW_PREFIX): the"
              + " events topic is <prefix>-events, a function <prefix>-<function>, the cost ledger"
              + " <prefix>-cost.")
  String prefix;

  @Option(
      names = "--events-topic-arn",
      paramLabel = "ARN",
      description = "The events topic, instead of finding <prefix>-events among the SNS topics.")
  String eventsTopicArn;

  @Option(
      names = "--function-name-prefix",
      paramLabel = "PREFIX",
      description = "Deployed functions are <PREFIX>-<function> (default: --prefix).")
  String functionNamePrefix;

  @Option(
      names = "--ledger-table",
      paramLabel = "NAME",
      description =
          "The cost ledger's DynamoDB table (default: <prefix>-cost when --prefix is given).")
  String ledgerTable;

  /** The prefix, checked; empty when none was given. */
  public Optional<String> prefix() {
    return checked(prefix, "--prefix");
  }

  /** The events topic's ARN when given outright. */
  public Optional<String> eventsTopicArn() {
    return Optional.ofNullable(eventsTopicArn);
  }

  /** The deployed name of {@code function}, when a prefix for function names is known. */
  public Optional<String> functionName(String function) {
    return checked(functionNamePrefix, "--function-name-prefix")
        .or(this::prefix)
        .map(p -> p + "-" + function);
  }

  /** The physical table of the ledger named {@code logical}, when known. */
  public Optional<String> ledgerTable(String logical) {
    return Optional.ofNullable(ledgerTable).or(() -> prefix().map(p -> p + "-" + logical));
  }

  private static Optional<String> checked(String value, String option) {
    if (value != null && !LedgerTable.PREFIX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "%s '%s' must be lower-case letters, digits and - (2 to 31 characters)"
              .formatted(option, value));
    }
    return Optional.ofNullable(value);
  }
}
