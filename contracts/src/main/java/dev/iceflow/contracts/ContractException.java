package dev.iceflow.contracts;

/** A contract file is missing, malformed or inconsistent. */
public class ContractException extends RuntimeException {

  public ContractException(String message) {
    super(message);
  }

  public ContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
