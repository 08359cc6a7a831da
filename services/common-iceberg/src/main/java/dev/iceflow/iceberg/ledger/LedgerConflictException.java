package dev.iceflow.commit;

/**
 * The ledger changed under this commit (another writer began or finished the same batch). The
 * messages go back to SQS; on redelivery the ledger tells what happened.
 */
class LedgerConflictException extends RuntimeException {

  LedgerConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
