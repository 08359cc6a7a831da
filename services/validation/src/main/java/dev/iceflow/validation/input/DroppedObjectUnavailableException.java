package dev.iceflow.validation.input;

/**
 * The object a notification names can no longer be read as it was when S3 notified: overwritten in
 * a bucket that keeps no versions, or that version deleted since. The message fails with this
 * reason (and reaches the DLQ after maxReceiveCount); reading whatever the key holds now would
 * ingest other content under this notification's batch id.
 */
public class DroppedObjectUnavailableException extends RuntimeException {

  public DroppedObjectUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
