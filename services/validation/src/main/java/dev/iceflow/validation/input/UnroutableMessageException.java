package dev.iceflow.validation.input;

/**
 * The message is not an ingest.batch validation can take here: not a JSON object, another type, no
 * dataset or one without a data contract in this deployment, or an envelope that breaks its
 * contract. Retrying cannot change that, so the message is parked in ingest-unrouted with its
 * {@link Reason}, never failed over and over, never dropped.
 */
public class UnroutableMessageException extends RuntimeException {

  /** Why a message cannot be routed, as on-call reads it on the parked message. */
  public enum Reason {
    NOT_JSON("not-json"),
    NOT_A_JSON_OBJECT("not-a-json-object"),
    NOT_AN_INGEST_BATCH("not-an-ingest-batch"),
    NO_DATASET("no-dataset"),
    UNKNOWN_DATASET("unknown-dataset"),
    BREAKS_CONTRACT("breaks-contract");

    private final String wireName;

    Reason(String wireName) {
      this.wireName = wireName;
    }

    /** The value of the parked message's reason attribute, e.g. {@code unknown-dataset}. */
    public String wireName() {
      return wireName;
    }
  }

  private final Reason reason;

  public UnroutableMessageException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public UnroutableMessageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
