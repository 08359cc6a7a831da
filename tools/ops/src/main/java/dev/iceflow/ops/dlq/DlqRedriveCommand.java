package dev.iceflow.ops.dlq;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.DeploymentPrefix;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ops dlq redrive}: a dead-letter queue's messages back to their source queue. */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Moves every message of a dead-letter queue back to its source queue: a redrive DLQ's to the"
          + " queue whose consumer failed them, a delivery DLQ's to the subscription's queue (SNS"
          + " puts there what it failed to deliver; with rawMessageDelivery the body is the"
          + " message itself, else the SNS notification, and the stages read both).",
      "In AWS, a redrive DLQ is moved by SQS's StartMessageMoveTask and watched with"
          + " ListMessageMoveTasks until done. A delivery DLQ (StartMessageMoveTask takes DLQs of"
          + " SQS queues only), the local platform (--endpoint-url: moto lacks"
          + " StartMessageMoveTask) and an endpoint answering UnsupportedOperation or"
          + " InvalidAction use a copy that"
          + " loses nothing: receive, send the same body and attributes to the source queue (FIFO:"
          + " same MessageGroupId, deduplication id redrive-<DLQ message id>), delete from the DLQ"
          + " only after the send succeeded. It says which path it took.",
      "Redrive after the cause is fixed: a message that fails again comes back to the DLQ. Like"
          + " StartMessageMoveTask, the copy moves as many messages as the DLQ held when it began"
          + " (SQS's approximate count), so one parked straight back is not moved in circles."
    },
    footer = {
      "",
      "Exit codes: 0 done (moved and left counted; left > 0 when messages arrived or were in"
          + " flight meanwhile), 1 failed (one line on stderr; what was not moved is still in the"
          + " DLQ), 2 bad arguments or an unknown queue."
    })
public final class DlqRedriveCommand implements Callable<Integer> {

  /** StartMessageMoveTask's upper bound for MaxNumberOfMessagesPerSecond. */
  static final int MAX_RATE = 500;

  @Option(
      names = "--queue",
      paramLabel = "DLQ",
      required = true,
      description =
          "The dead-letter queue's logical name, e.g. enrichment-dlq, commit-dlq, or"
              + " ingest-unrouted (back to validation, e.g. once a new dataset's contract is"
              + " deployed).")
  String queue;

  @Option(
      names = "--max-messages-per-second",
      paramLabel = "N",
      description = "At most N messages a second, 1 to " + MAX_RATE + " (default: SQS's pace).")
  Integer perSecond;

  @Mixin AwsTarget aws;

  @Mixin DeploymentPrefix deployment;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    String prefix = DlqOptions.prefix(deployment, spec);
    DeadLetterQueue dlq = DlqOptions.named(Contracts.packaged().topology(), queue, spec);
    if (perSecond != null && (perSecond < 1 || perSecond > MAX_RATE)) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-messages-per-second %d must be 1 to %d".formatted(perSecond, MAX_RATE));
    }
    PrintWriter out = spec.commandLine().getOut();
    String dlqName = dlq.deployedName(prefix);
    String sourceName = dlq.deployedSource(prefix);
    try (SqsClient sqs = aws.configure(SqsClient.builder()).build()) {
      DeployedQueues queues = new DeployedQueues(sqs, aws.region());
      String dlqUrl = queues.url(dlqName);
      String sourceUrl = queues.url(sourceName);
      DeployedQueues.Depth before = queues.depth(dlqUrl);
      out.printf(
          "Redriving %s (%d waiting, %d in flight) to %s.%n",
          dlqName, before.waiting(), before.inFlight(), sourceName);
      long moved = redrive(sqs, queues, dlq, dlqUrl, sourceUrl, before.total(), out);
      DeployedQueues.Depth left = queues.depth(dlqUrl);
      out.printf(
          "Done: moved %d to %s; left in %s: %d (%d waiting, %d in flight).%n",
          moved, sourceName, dlqName, left.total(), left.waiting(), left.inFlight());
      out.flush();
      return 0;
    } catch (SdkException e) {
      throw new OpsFailure("cannot redrive " + dlqName, e);
    }
  }

  private long redrive(
      SqsClient sqs,
      DeployedQueues queues,
      DeadLetterQueue dlq,
      String dlqUrl,
      String sourceUrl,
      long depth,
      PrintWriter out)
      throws InterruptedException {
    Optional<String> noMoveTask = whyNoMoveTask(dlq);
    if (noMoveTask.isPresent()) {
      return copy(sqs, dlq, dlqUrl, sourceUrl, depth, out, noMoveTask.get());
    }
    MessageMoveTask task = new MessageMoveTask(sqs, out);
    String dlqArn = queues.arn(dlqUrl);
    String handle;
    try {
      handle = task.start(dlqArn, queues.arn(sourceUrl), perSecond);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if (code == null || !RedrivePath.UNSUPPORTED.contains(code)) {
        throw e;
      }
      return copy(
          sqs,
          dlq,
          dlqUrl,
          sourceUrl,
          depth,
          out,
          "the endpoint answered %s to StartMessageMoveTask".formatted(code));
    }
    out.printf("Path: %s (task %s).%n", RedrivePath.MESSAGE_MOVE_TASK.description(), handle);
    out.flush();
    return task.await(dlqArn, handle);
  }

  /** Why StartMessageMoveTask cannot move this queue's messages; empty when it can. */
  private Optional<String> whyNoMoveTask(DeadLetterQueue dlq) {
    return switch (dlq.kind()) {
      case DELIVERY_DEAD_LETTER ->
          Optional.of(
              "StartMessageMoveTask takes DLQs of SQS queues only, and this one is an SNS"
                  + " subscription's");
      case PARKING ->
          Optional.of(
              "StartMessageMoveTask moves from dead-letter queues only, and this is a parking"
                  + " queue");
      default ->
          aws.local()
              ? Optional.of("local platform (--endpoint-url): moto lacks StartMessageMoveTask")
              : Optional.empty();
    };
  }

  private long copy(
      SqsClient sqs,
      DeadLetterQueue dlq,
      String dlqUrl,
      String sourceUrl,
      long depth,
      PrintWriter out,
      String why)
      throws InterruptedException {
    out.printf("Path: %s (%s).%n", RedrivePath.COPY.description(), why);
    out.flush();
    return new CopyRedrive(sqs, out)
        .moveAll(dlqUrl, sourceUrl, dlq.fifo(), depth, perSecond == null ? 0 : perSecond);
  }
}
