package dev.iceflow.validation.input;

/** The input as a whole cannot be read (unknown format, not an array, ...): the message fails. */
public class UnsupportedInputException extends RuntimeException {

  public UnsupportedInputException(String message) {
    super(message);
  }

  public UnsupportedInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
