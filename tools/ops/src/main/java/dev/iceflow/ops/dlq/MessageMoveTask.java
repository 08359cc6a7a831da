package dev.iceflow.ops.dlq;

import dev.iceflow.ops.OpsFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;

/**
 * SQS's own DLQ redrive in AWS: StartMessageMoveTask from the DLQ to its source queue, then
 * ListMessageMoveTasks until the task is done, a progress line each time the count moves (<a
 * href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html">StartMessageMoveTask</a>:
 * only for DLQs of SQS queues, one running task per queue).
 */
final class MessageMoveTask {

  /** Between two readings of the task: it moves messages in the background. */
  static final Duration POLL = Duration.ofSeconds(2);

  static final String COMPLETED = "COMPLETED";
  private static final Set<String> FINISHED = Set.of(COMPLETED, "FAILED", "CANCELLED");

  private final SqsClient sqs;
  private final PrintWriter out;
  private final Duration poll;

  MessageMoveTask(SqsClient sqs, PrintWriter out) {
    this(sqs, out, POLL);
  }

  MessageMoveTask(SqsClient sqs, PrintWriter out, Duration poll) {
    this.sqs = sqs;
    this.out = out;
    this.poll = poll;
  }

  /** Starts the task; returns its handle. */
  String start(String dlqArn, String sourceArn, Integer perSecond) {
    StartMessageMoveTaskRequest.Builder request =
        StartMessageMoveTaskRequest.builder().sourceArn(dlqArn).destinationArn(sourceArn);
    if (perSecond != null) {
      request.maxNumberOfMessagesPerSecond(perSecond);
    }
    return sqs.startMessageMoveTask(request.build()).taskHandle();
  }

  /** Watches the task until it finishes; returns how many it moved, or fails when it did. */
  long await(String dlqArn, String taskHandle) throws InterruptedException {
    String printed = null;
    while (true) {
      ListMessageMoveTasksResultEntry task = find(dlqArn, taskHandle);
      String line =
          "  %s: moved %d of %s"
              .formatted(
                  task.status(),
                  orZero(task.approximateNumberOfMessagesMoved()),
                  task.approximateNumberOfMessagesToMove() == null
                      ? "?"
                      : task.approximateNumberOfMessagesToMove().toString());
      if (!line.equals(printed)) {
        out.println(line);
        out.flush();
        printed = line;
      }
      if (FINISHED.contains(task.status())) {
        if (!COMPLETED.equals(task.status())) {
          throw new OpsFailure(
              "the message move task %s ended %s: %s"
                  .formatted(taskHandle, task.status(), task.failureReason()));
        }
        return orZero(task.approximateNumberOfMessagesMoved());
      }
      Thread.sleep(poll.toMillis());
    }
  }

  private ListMessageMoveTasksResultEntry find(String dlqArn, String taskHandle) {
    List<ListMessageMoveTasksResultEntry> tasks =
        sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn).maxResults(10)).results();
    // the running task carries its handle; a finished one no longer does, and is the newest
    return tasks.stream()
        .filter(t -> taskHandle.equals(t.taskHandle()))
        .findFirst()
        .or(() -> tasks.stream().findFirst())
        .orElseThrow(() -> new OpsFailure("ListMessageMoveTasks does not know task " + taskHandle));
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
