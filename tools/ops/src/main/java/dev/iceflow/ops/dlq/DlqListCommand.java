package dev.iceflow.ops.dlq;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.DeploymentPrefix;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ops dlq list}: every dead-letter queue's depth, and one queue's messages. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Every dead-letter and parking queue of the topology (contracts) with its approximate depth"
          + " and what it"
          + " holds. With --queue, also that queue's messages, without consuming them: they are"
          + " received with a 30 s visibility timeout and made visible again at once"
          + " (ChangeMessageVisibility 0). SQS has no read-only look, so each look adds 1 to a"
          + " message's receive count (a DLQ has no maxReceiveCount, so nothing follows from it).",
      "Per message: id, sent time, receive count, the reason and source queue when a stage parked"
          + " it (attributes iceflow.parked-reason, iceflow.parked-from; in ingest-unrouted"
          + " iceflow.unrouted-reason and -detail, iceflow.unrouted-source), type, dataset, batch id"
          + " and the first 200 characters of the body.",
      "The same in AWS and on the local platform (--endpoint-url)."
    },
    footer = {
      "",
      "--json fields:",
      "  generatedAt, region, prefix, lookedInto (the --queue, or null)",
      "  queues[]: queue (logical), name (deployed), kind (dead-letter|",
      "    delivery-dead-letter|parking), source (logical), sourceName, waiting,",
      "    inFlight",
      "  messages[]: messageId, sentAt, receiveCount, parkedReason, parkedFrom,",
      "    type, dataset, batchId, bodyExcerpt",
      "",
      "Exit codes: 0 listed, 1 failed (one line on stderr), 2 bad arguments."
    })
public final class DlqListCommand implements Callable<Integer> {

  @Option(
      names = "--queue",
      paramLabel = "DLQ",
      description =
          "A dead-letter or parking queue's logical name (e.g. enrichment-dlq, ingest-unrouted):"
              + " show its messages.")
  String queue;

  @Option(
      names = "--max-messages",
      paramLabel = "N",
      defaultValue = "10",
      description = "At most this many messages of --queue (default: ${DEFAULT-VALUE}).")
  int maxMessages;

  @Option(names = "--json", description = "Print one JSON document (fields below) instead of text.")
  boolean json;

  @Mixin AwsTarget aws;

  @Mixin DeploymentPrefix deployment;

  @Spec CommandSpec spec;

  private final Clock clock;

  public DlqListCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    String prefix = DlqOptions.prefix(deployment, spec);
    Topology topology = Contracts.packaged().topology();
    DeadLetterQueue lookInto = queue == null ? null : DlqOptions.named(topology, queue, spec);
    if (maxMessages < 1 || maxMessages > 1000) {
      throw new ParameterException(
          spec.commandLine(), "--max-messages %d must be 1 to 1000".formatted(maxMessages));
    }
    DlqListing listing;
    try (SqsClient sqs = aws.configure(SqsClient.builder()).build()) {
      DeployedQueues queues = new DeployedQueues(sqs, aws.region());
      List<DlqListing.Row> rows = new ArrayList<>();
      for (DeadLetterQueue dlq : DeadLetterQueue.of(topology)) {
        String name = dlq.deployedName(prefix);
        DeployedQueues.Depth depth = queues.depth(queues.url(name));
        rows.add(
            new DlqListing.Row(
                dlq, name, dlq.deployedSource(prefix), depth.waiting(), depth.inFlight()));
      }
      List<PeekedMessage> messages =
          lookInto == null
              ? List.of()
              : new MessagePeek(sqs).peek(queues.url(lookInto.deployedName(prefix)), maxMessages);
      listing =
          new DlqListing(
              clock.instant(),
              aws.region(),
              prefix,
              rows,
              lookInto == null ? null : lookInto.deployedName(prefix),
              messages);
    } catch (SdkException e) {
      throw new OpsFailure("cannot read the dead-letter queues in " + aws.region(), e);
    }
    if (json) {
      new JsonDlqRenderer().render(listing, spec.commandLine().getOut());
    } else {
      new TextDlqRenderer().render(listing, spec.commandLine().getOut());
    }
    return 0;
  }
}
