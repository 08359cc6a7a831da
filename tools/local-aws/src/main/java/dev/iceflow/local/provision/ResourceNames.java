package dev.iceflow.local.provision;

/**
 * Physical names of the topology's logical resources in one deployment: {@code <prefix>-<name>},
 * plus {@code .fifo} for FIFO topics and queues. Terraform applies the same rule (plus the account
 * id for buckets, which are global in AWS).
 */
public record ResourceNames(String prefix) {

  public ResourceNames {
    if (!prefix.matches("[a-z][a-z0-9-]{1,30}")) {
      throw new IllegalArgumentException(
          "resource prefix '%s' must be lower-case letters, digits and -".formatted(prefix));
    }
  }

  /** AWS requires FIFO topic and queue names to end in .fifo. */
  public static final String FIFO_SUFFIX = ".fifo";

  public String topic(String logical, boolean fifo) {
    return prefix + "-" + logical + (fifo ? FIFO_SUFFIX : "");
  }

  public String queue(String logical, boolean fifo) {
    return prefix + "-" + logical + (fifo ? FIFO_SUFFIX : "");
  }

  public String bucket(String logical) {
    return prefix + "-" + logical;
  }

  /** A ledger's DynamoDB table, e.g. iceflow-local-idempotency. */
  public String ledger(String logical) {
    return prefix + "-" + logical;
  }

  /** A topology function's deployed Lambda name, e.g. iceflow-local-validation. */
  public String function(String logical) {
    return prefix + "-" + logical;
  }

  public String kmsAlias(String logical) {
    return "alias/" + prefix + "-" + logical;
  }
}
