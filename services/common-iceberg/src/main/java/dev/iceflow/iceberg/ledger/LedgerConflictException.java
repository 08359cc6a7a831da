package dev.iceflow.iceberg.ledger;

/**
 * The ledger changed under this commit (another writer began or finished the same batch). The
 * messages go back to SQS; on redelivery the ledger tells what happened.
 */
public class LedgerConflictException extends RuntimeException {

  LedgerConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
