package dev.iceflow.ops.aws;

import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Which DynamoDB table holds a ledger (a picocli argument group): named outright, or derived from
 * the deployment prefix by the rule both sides apply, {@code <prefix>-<logical name>} (Terraform's
 * ledgers module and tools/local-aws ResourceNames.ledger: iceflow-dev-cost in AWS,
 * iceflow-local-cost on the local platform).
 */
public final class LedgerTable {

  /** The prefix Terraform's ledgers module and ResourceNames accept. */
  static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{1,30}");

  @Option(
      names = "--ledger-table",
      paramLabel = "NAME",
      required = true,
      description = "The ledger's DynamoDB table, e.g. iceflow-local-cost on the local platform.")
  String table;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      required = true,
      description = "Deployment prefix (e.g. iceflow-dev): the table is <prefix>-<ledger>.")
  String prefix;

  /** The physical table of the ledger named {@code logical} (topology: ledgers). */
  public String name(String logical) {
    if (table != null) {
      return table;
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix '%s' must be lower-case letters, digits and - (2 to 31 characters)"
              .formatted(prefix));
    }
    return prefix + "-" + logical;
  }
}
