package dev.iceflow.commit;

import dev.iceflow.common.lambda.UnprocessableMessageException;

/**
 * A staged file lies outside the table's location: the commit stage adds what it is told to, so a
 * path elsewhere (a bug, or a forged message) is parked with this reason instead of entering the
 * table.
 */
class StagedFileOutsideTableException extends UnprocessableMessageException {

  StagedFileOutsideTableException(String message) {
    super(message);
  }
}
