package dev.iceflow.local.platform;

/** The function reported an error (POST .../error) or failed to initialise (POST /init/error). */
public class FunctionError extends RuntimeException {

  public FunctionError(String message) {
    super(message);
  }
}
