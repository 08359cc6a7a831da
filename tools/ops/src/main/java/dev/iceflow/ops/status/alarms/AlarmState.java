package dev.iceflow.ops.status.alarms;

/** CloudWatch's alarm states; only ALARM fires. */
public enum AlarmState {
  OK,
  ALARM,
  /**
   * Not enough data to decide: with treatMissingData ignore or missing, where CloudWatch keeps the
   * alarm's previous state, which a one-off evaluation does not know.
   */
  INSUFFICIENT_DATA
}
