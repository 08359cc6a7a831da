package dev.iceflow.ops.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.ops.OpsFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;

/**
 * The AWS path's watch over ListMessageMoveTasks, which the embedded AWS does not implement: the
 * answers AWS documents (a running task carries its handle, a finished one does not) played back in
 * order.
 */
class MessageMoveTaskTest {

  private static final String DLQ = "arn:aws:sqs:eu-west-1:111122223333:iceflow-dev-enrichment-dlq";
  private static final String HANDLE = "task-1";

  @Test
  void shouldPrintEachChangeAndReturnTheMovedCount_whenTheTaskCompletes() throws Exception {
    StringWriter out = new StringWriter();
    MessageMoveTask task =
        new MessageMoveTask(
            answering(
                running(0, 30), running(0, 30), running(12, 30), finished("COMPLETED", 30, null)),
            new PrintWriter(out),
            Duration.ZERO);

    long moved = task.await(DLQ, HANDLE);

    assertThat(moved).isEqualTo(30);
    assertThat(out.toString().lines())
        .containsExactly(
            "  RUNNING: moved 0 of 30", "  RUNNING: moved 12 of 30", "  COMPLETED: moved 30 of 30");
  }

  @Test
  void shouldFailWithTheReason_whenTheTaskFails() {
    MessageMoveTask task =
        new MessageMoveTask(
            answering(finished("FAILED", 4, "AccessDenied on kms:Decrypt")),
            new PrintWriter(new StringWriter()),
            Duration.ZERO);

    assertThatThrownBy(() -> task.await(DLQ, HANDLE))
        .isInstanceOf(OpsFailure.class)
        .hasMessage("the message move task task-1 ended FAILED: AccessDenied on kms:Decrypt");
  }

  private static ListMessageMoveTasksResultEntry running(long moved, long toMove) {
    return ListMessageMoveTasksResultEntry.builder()
        .taskHandle(HANDLE)
        .status("RUNNING")
        .sourceArn(DLQ)
        .approximateNumberOfMessagesMoved(moved)
        .approximateNumberOfMessagesToMove(toMove)
        .build();
  }

  private static ListMessageMoveTasksResultEntry finished(
      String status, long moved, String failureReason) {
    return ListMessageMoveTasksResultEntry.builder()
        .status(status)
        .sourceArn(DLQ)
        .approximateNumberOfMessagesMoved(moved)
        .approximateNumberOfMessagesToMove(moved)
        .failureReason(failureReason)
        .build();
  }

  /** An SQS client that answers ListMessageMoveTasks with {@code answers}, one per call. */
  private static SqsClient answering(ListMessageMoveTasksResultEntry... answers) {
    Deque<ListMessageMoveTasksResultEntry> left = new ArrayDeque<>(List.of(answers));
    return new SqsClient() {
      @Override
      public ListMessageMoveTasksResponse listMessageMoveTasks(
          Consumer<ListMessageMoveTasksRequest.Builder> request) {
        ListMessageMoveTasksRequest built =
            ListMessageMoveTasksRequest.builder().applyMutation(request).build();
        assertThat(built.sourceArn()).isEqualTo(DLQ);
        return ListMessageMoveTasksResponse.builder().results(left.pop()).build();
      }

      @Override
      public String serviceName() {
        return "sqs";
      }

      @Override
      public void close() {}
    };
  }
}
