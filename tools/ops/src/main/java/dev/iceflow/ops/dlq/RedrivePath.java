package dev.iceflow.ops.dlq;

/** How {@code ops dlq redrive} moves messages back. */
enum RedrivePath {
  /** SQS's StartMessageMoveTask, watched with ListMessageMoveTasks (AWS, redrive DLQs). */
  MESSAGE_MOVE_TASK("SQS StartMessageMoveTask"),
  /** {@link CopyRedrive}: receive, send to the source queue, then delete. */
  COPY("receive, send to the source queue, then delete from the DLQ");

  /** The error code an SQS endpoint answers for an action it does not implement. */
  static final String UNSUPPORTED_OPERATION = "UnsupportedOperation";

  private final String description;

  RedrivePath(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }
}
