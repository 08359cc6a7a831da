package dev.iceflow.ops.dlq;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.DeploymentPrefix;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ops dlq purge}: drops every message of a dead-letter queue, once saved elsewhere. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Deletes every message of a dead-letter or parking queue (SQS PurgeQueue), for messages"
          + " that can never succeed and whose producer republishes them fixed. The queue is the"
          + " only copy the pipeline has: save it first (ops dlq list --queue Q --json)."
          + " Without --yes it only says how many messages it would delete.",
      "SQS allows one purge per queue every 60 s and takes up to 60 s to finish one; a message"
          + " sent meanwhile may be deleted too."
    },
    footer = {
      "",
      "Exit codes: 0 purged, 1 failed (one line on stderr), 2 bad arguments, an unknown queue or"
          + " no --yes (nothing deleted)."
    })
public final class DlqPurgeCommand implements Callable<Integer> {

  @Option(
      names = "--queue",
      paramLabel = "DLQ",
      required = true,
      description = "The dead-letter or parking queue's logical name, e.g. ingest-unrouted.")
  String queue;

  @Option(names = "--yes", description = "Delete the messages (without it: only count them).")
  boolean yes;

  @Mixin AwsTarget aws;

  @Mixin DeploymentPrefix deployment;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String prefix = DlqOptions.prefix(deployment, spec);
    DeadLetterQueue dlq = DlqOptions.named(Contracts.packaged().topology(), queue, spec);
    String name = dlq.deployedName(prefix);
    PrintWriter out = spec.commandLine().getOut();
    try (SqsClient sqs = aws.configure(SqsClient.builder()).build()) {
      DeployedQueues queues = new DeployedQueues(sqs, aws.region());
      String url = queues.url(name);
      DeployedQueues.Depth depth = queues.depth(url);
      if (!yes) {
        throw new ParameterException(
            spec.commandLine(),
            "%s holds %d messages (%d waiting, %d in flight); nothing deleted without --yes"
                .formatted(name, depth.total(), depth.waiting(), depth.inFlight()));
      }
      sqs.purgeQueue(r -> r.queueUrl(url));
      out.printf(
          "Purged %s: %d messages (%d waiting, %d in flight) deleted.%n",
          name, depth.total(), depth.waiting(), depth.inFlight());
      out.flush();
      return 0;
    } catch (SdkException e) {
      throw new OpsFailure("cannot purge " + name, e);
    }
  }
}
