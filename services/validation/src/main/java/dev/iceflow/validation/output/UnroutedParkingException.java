package dev.iceflow.validation.output;

/**
 * A message validation cannot route could not be parked in ingest-unrouted. The message fails and
 * returns to its queue (its DLQ after maxReceiveCount), so it is never lost on the way.
 */
public class UnroutedParkingException extends RuntimeException {

  public UnroutedParkingException(String message, Throwable cause) {
    super(message, cause);
  }
}
