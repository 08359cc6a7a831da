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
      description =
          "Deployment prefix (e.g. iceflow-dev): the table is <prefix>-<ledger> (without this"
              + " group: $ICEFLOW_PREFIX).")
  String prefix;

  /** The environment variable that names the deployment when no option does. */
  public static final String PREFIX_VARIABLE = "ICEFLOW_PREFIX";

  /** The physical table of the ledger named {@code logical} (topology: ledgers). */
  public String name(String logical) {
    if (table != null) {
      return table;
    }
    return ofPrefix(prefix, logical);
  }

  /**
   * The ledger's table in the deployment {@code prefix}.
   *
   * @throws IllegalArgumentException when it cannot be a deployment's prefix
   */
  public static String ofPrefix(String prefix, String logical) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix '%s' must be lower-case letters, digits and - (2 to 31 characters)"
              .formatted(prefix));
    }
    return prefix + "-" + logical;
  }
}
