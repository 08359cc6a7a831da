package dev.iceflow.local.emulator;

/** The local AWS emulator could not be installed, started or provisioned. */
public class EmulatorException extends RuntimeException {

  public EmulatorException(String message) {
    super(message);
  }

  public EmulatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
