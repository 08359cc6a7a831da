package dev.iceflow.ops.dlq;

import java.util.Set;

/** How {@code ops dlq redrive} moves messages back. */
enum RedrivePath {
  /** SQS's StartMessageMoveTask, watched with ListMessageMoveTasks (AWS, redrive DLQs). */
  MESSAGE_MOVE_TASK("SQS StartMessageMoveTask"),
  /** {@link CopyRedrive}: receive, send to the source queue, then delete. */
  COPY("receive, send to the source queue, then delete from the DLQ");

  /**
   * Error codes of an SQS endpoint that does not offer StartMessageMoveTask (SQS's own for an
   * unsupported or unknown action). moto answers HTTP 500 "not implemented" instead, which is why
   * the local platform is recognised by its endpoint override before anything is tried.
   */
  static final Set<String> UNSUPPORTED = Set.of("UnsupportedOperation", "InvalidAction");

  private final String description;

  RedrivePath(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }
}
