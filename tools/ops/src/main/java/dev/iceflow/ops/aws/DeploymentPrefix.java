package dev.iceflow.ops.aws;

import picocli.CommandLine.Option;

/**
 * The deployment a command acts on, by its prefix alone (a picocli mixin): every name follows by
 * the rule Terraform and the local provisioner share, {@code <prefix>-<logical name>}.
 */
public final class DeploymentPrefix {

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      defaultValue = "${env:ICEFLOW_PREFIX}",
      description =
          "Deployment prefix: iceflow-local on the local platform, e.g. iceflow-dev in AWS"
              + " (default: $ICEFLOW_PREFIX; one of the two is required).")
  String prefix;

  /**
   * The prefix, checked.
   *
   * @throws IllegalArgumentException when none is given or it cannot be a deployment's prefix
   */
  public String value() {
    if (prefix == null) {
      throw new IllegalArgumentException("Missing required option: '--prefix=PREFIX'");
    }
    if (!LedgerTable.PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "--prefix '%s' must be lower-case letters, digits and - (2 to 31 characters)"
              .formatted(prefix));
    }
    return prefix;
  }
}
