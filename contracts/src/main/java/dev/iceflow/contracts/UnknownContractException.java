package dev.iceflow.contracts;

/**
 * A message names a dataset, or a contract version, this deployment has no data contract for. The
 * message cannot succeed here until the contract is deployed, so it fails with this reason.
 */
public class UnknownContractException extends RuntimeException {

  public UnknownContractException(String message) {
    super(message);
  }
}
