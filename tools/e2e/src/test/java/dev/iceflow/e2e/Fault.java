package dev.iceflow.e2e;

/** The faults a fault run injects, alone or combined; each row of the run's table is one. */
enum Fault {
  DOUBLE_DELIVERY("messages delivered twice (SQS at-least-once)"),
  MID_BATCH_KILL("function processes killed mid-batch"),
  CRASH_AFTER_TABLE_COMMIT("commit killed between the Iceberg commit and the ledger write"),
  CRASH_BEFORE_SQS_DELETE("commit killed between the ledger write and the SQS delete"),
  COMMIT_STATE_UNKNOWN("catalog commit ending in an unknown state"),
  COMPACTION_RACE("compaction rewriting the partition the commits append to"),
  LATE_REDELIVERY("failed batches back after the queue's visibility timeout"),
  THROTTLING("invocations throttled"),
  S3_FAILURES("S3 requests answered 500/503 or slowly"),
  SNS_FAILURES("SNS requests answered 500/503 or slowly"),
  NO_ATTRIBUTES("batches published without message attributes"),
  POISON("batches of a contract version nobody reads"),
  MALFORMED("messages that are not JSON"),
  UNKNOWN_VERSION("envelopes at an unknown version"),
  OVERSIZED("batches over SNS's 256 KiB, refused, re-sent as claim-checks");

  final String description;

  Fault(String description) {
    this.description = description;
  }
}
