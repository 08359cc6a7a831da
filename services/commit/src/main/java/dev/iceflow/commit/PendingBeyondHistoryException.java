package dev.iceflow.commit;

import dev.iceflow.common.lambda.UnprocessableMessageException;

/**
 * A batch whose ledger entry is PENDING under a commit id the table's history does not show, while
 * that history no longer reaches back to when the entry was written: the commit may have landed in
 * a snapshot expired since, so committing again could add the batch twice. Our own expiry settles
 * the ledger first; this happens only when something else expired snapshots (Glue's optimizer, an
 * engine's expire_snapshots). Parked for an operator to check the table and decide.
 */
class PendingBeyondHistoryException extends UnprocessableMessageException {

  PendingBeyondHistoryException(String message) {
    super(message);
  }
}
