package dev.iceflow.ops.compact;

import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.ScheduleSpec;
import dev.iceflow.contracts.topology.Schedules;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.Deployment;
import dev.iceflow.ops.control.WaitConverter;
import dev.iceflow.ops.table.CatalogTarget;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code ops compact now}: the compaction sweep, now instead of at the next scheduled tick. */
@Command(
    name = "now",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sends the compaction-sweep schedule's schedule.tick to the compaction queue"
          + " (<prefix>-compaction), as the hourly schedule does: compaction bin-packs small files,"
          + " rewrites manifests, expires snapshots and removes orphan files in every table.",
      "Then waits for the queue to drain (its counts are printed as they change) and prints each"
          + " table's data files before and after. The sweep is platform-wide (the contracts have"
          + " no per-table request): --dataset only narrows what is reported."
    })
public final class CompactNowCommand implements Callable<Integer> {

  private static final Duration POLL_EVERY = Duration.ofSeconds(2);

  /** Polls of an empty queue that mean "consumed before the first look" (30 s at 2 s). */
  private static final int QUIET_POLLS = 15;

  @Option(
      names = "--dataset",
      paramLabel = "DATASET",
      description = "Report only this dataset's table (default: every dataset's).")
  String dataset;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = WaitConverter.class,
      description = "How long to wait for the queue to drain (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(names = "--no-wait", description = "Send the request and return.")
  boolean noWait;

  @Mixin AwsTarget aws;

  @Mixin Deployment deployment;

  @Mixin CatalogTarget catalogTarget;

  @Spec CommandSpec spec;

  private final Clock clock;

  public CompactNowCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws InterruptedException {
    Contracts contracts = Contracts.packaged();
    List<String> tables = tables(contracts);
    String prefix = prefix();
    ScheduleSpec sweep =
        contracts
            .topology()
            .schedule(Schedules.COMPACTION_SWEEP)
            .orElseThrow(() -> new OpsFailure("the topology has no compaction-sweep schedule"));
    QueueSpec queue = contracts.topology().queue(sweep.queue()).orElseThrow();
    PrintWriter out = spec.commandLine().getOut();

    Optional<Map<String, Long>> before = noWait ? Optional.empty() : counts(tables, prefix, out);
    SweepRequest request =
        SweepRequest.of(sweep, clock.instant(), new EnvelopeCodec(contracts.messages()));
    try (SqsClient sqs = aws.configure(SqsClient.builder()).build()) {
      String queueUrl = queueUrl(sqs, queueName(prefix, queue));
      sqs.sendMessage(
          r -> {
            r.queueUrl(queueUrl).messageBody(request.body());
            if (queue.fifo()) {
              r.messageGroupId(sweep.name()); // as the EventBridge target does
            }
          });
      out.printf(
          "Sent %s (%s) to %s.%n",
          request.envelope().type(), request.envelope().id(), queueName(prefix, queue));
      if (noWait) {
        out.println("Not waiting (--no-wait): compaction picks it up from its queue.");
        return 0;
      }
      out.println("Waiting for the compaction queue to drain ...");
      new QueueDrainWatch(sqs, queueUrl, POLL_EVERY, QUIET_POLLS, clock).await(wait, out);
    } catch (SdkException e) {
      throw new OpsFailure("cannot send to or read the compaction queue", e);
    }
    before.ifPresent(
        counts ->
            counts(tables, prefix, out).ifPresent(after -> print(tables, counts, after, out)));
    return 0;
  }

  private List<String> tables(Contracts contracts) {
    if (dataset == null) {
      return contracts.datasets().values().stream()
          .map(c -> c.table().qualifiedName())
          .distinct()
          .toList();
    }
    DataContract contract =
        contracts
            .dataset(dataset)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "--dataset %s names no data contract (known: %s)"
                            .formatted(dataset, String.join(", ", contracts.datasets().keySet()))));
    return List.of(contract.table().qualifiedName());
  }

  private String prefix() {
    try {
      return deployment
          .prefix()
          .orElseThrow(
              () ->
                  new ParameterException(
                      spec.commandLine(), "give --prefix: the queue is <prefix>-compaction"));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The tables' data file counts, or empty (said why) when the catalog cannot be read. */
  private Optional<Map<String, Long>> counts(List<String> tables, String prefix, PrintWriter out) {
    Optional<String> unavailable = catalogTarget.unavailableReason(aws);
    if (unavailable.isPresent()) {
      out.println("Not counting data files: " + unavailable.get());
      return Optional.empty();
    }
    Catalog catalog = catalogTarget.open(aws, Optional.of(prefix));
    try {
      return Optional.of(DataFileCounts.read(catalog, tables));
    } finally {
      CatalogTarget.close(catalog);
    }
  }

  private static void print(
      List<String> tables, Map<String, Long> before, Map<String, Long> after, PrintWriter out) {
    out.println("Data files (current snapshot), before -> after:");
    for (String table : tables) {
      out.printf(
          "  %s: %s -> %s%n",
          table,
          Optional.ofNullable(before.get(table)).map(String::valueOf).orElse("no snapshot"),
          Optional.ofNullable(after.get(table)).map(String::valueOf).orElse("no snapshot"));
    }
    out.flush();
  }

  private static String queueName(String prefix, QueueSpec queue) {
    return prefix + "-" + queue.name() + (queue.fifo() ? ".fifo" : "");
  }

  private String queueUrl(SqsClient sqs, String name) {
    try {
      return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      throw new OpsFailure(
          "no SQS queue named %s in %s: check --prefix and --region".formatted(name, aws.region()),
          e);
    }
  }
}
