package dev.iceflow.commit;

/**
 * The data contract's table schema cannot be reached from the table's by an in-place evolution
 * (only new optional columns and Iceberg's type promotions can). The messages fail and, after their
 * retries, land in the DLQ with this reason: a new major contract version is needed.
 */
public class IncompatibleSchemaException extends RuntimeException {

  public IncompatibleSchemaException(String message) {
    super(message);
  }
}
