package dev.iceflow.common.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

/** Moves a message that can never succeed out of its queue, keeping it and its reason. */
public interface MessageParking {

  /**
   * Parks {@code message} with {@code reason}; throws when it could not (the message then goes back
   * to its queue as any failed message does, so nothing is lost).
   */
  void park(SQSMessage message, String reason);
}
