package dev.iceflow.validation;

/**
 * The batch names a dataset or a contract version this deployment has no contract for. The message
 * fails and, after its retries, lands in the DLQ with this reason in the logs.
 */
public class UnknownContractException extends RuntimeException {

  public UnknownContractException(String message) {
    super(message);
  }
}
