package dev.iceflow.local.faults;

/**
 * What a rule did so far: the calls it applied to, and which of them it failed or slowed.
 *
 * @param seen calls signed by one of the rule's keys for one of its services (each SDK attempt is a
 *     call: a retried request counts once per attempt)
 * @param internalErrors answered 500 (S3 InternalError, SNS InternalError) without reaching the
 *     emulator
 * @param serviceUnavailable answered 503 (S3 SlowDown, SNS ServiceUnavailable) without reaching the
 *     emulator
 * @param delayed handled by the emulator, then answered after the rule's delay
 */
public record FaultCounts(long seen, long internalErrors, long serviceUnavailable, long delayed) {

  /** Calls answered with an error (500 or 503). */
  public long failed() {
    return internalErrors + serviceUnavailable;
  }
}
