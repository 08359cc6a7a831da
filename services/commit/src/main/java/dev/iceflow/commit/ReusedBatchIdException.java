package dev.iceflow.commit;

import dev.iceflow.common.lambda.UnprocessableMessageException;

/**
 * A batch id already committed (or being committed) to the table with other content: upstream
 * reused the id. Never dropped and never appended: the message is parked in the DLQ with this
 * reason for upstream to resend under a new id.
 */
class ReusedBatchIdException extends UnprocessableMessageException {

  ReusedBatchIdException(String message) {
    super(message);
  }
}
