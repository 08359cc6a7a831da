package dev.iceflow.common.lambda;

/**
 * A message that can never succeed, however often it is retried (it is not JSON, breaks its
 * contract, reuses a batch id for other content...). It is parked in its queue's DLQ at once with
 * this reason instead of being retried into it, so on-call hears of it in seconds, not after
 * maxReceiveCount visibility timeouts, and the messages behind it are not held up.
 */
public class UnprocessableMessageException extends RuntimeException {

  public UnprocessableMessageException(String message) {
    super(message);
  }

  public UnprocessableMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
