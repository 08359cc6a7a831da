package dev.iceflow.commit;

import dev.iceflow.common.lambda.UnprocessableMessageException;

/**
 * A staged data file of a batch still to be appended is gone: committing it would give the table a
 * file that cannot be read. Staged files are deleted only by orphan-file removal, and only after
 * the safety window (longer than any batch may wait for its commit), so the batch waited too long;
 * it is parked with this reason for upstream to re-publish it.
 */
class StagedFileMissingException extends UnprocessableMessageException {

  StagedFileMissingException(String message) {
    super(message);
  }
}
