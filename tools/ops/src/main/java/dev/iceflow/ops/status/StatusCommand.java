package dev.iceflow.ops.status;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.PauseHolds;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.Deployment;
import dev.iceflow.ops.table.CatalogTarget;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ops status}: is anything stuck, dead-lettered or paused in a deployment? */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A deployment's state, from the topology (contracts):",
      "  1. per queue, its dead-letter queue and each subscription's delivery dead-letter queue:"
          + " messages waiting, in flight and delayed (SQS's approximate counts; the age of the"
          + " oldest message is a CloudWatch metric in AWS and is not read);",
      "  2. per function, the states of its event source mappings (<prefix>-<function>);",
      "  3. the pause holds in cost-guard's ledger (<prefix>-cost);",
      "  4. per dataset, its table's last snapshot and freshness (now - the commit stage's last"
          + " commit), from the Iceberg catalog (Glue, or locally --catalog-uri / the newest run's).",
      "Problems, one line each: a dead-letter queue that is not empty, a mapping not Enabled, a"
          + " function the Lambda API does not know, a pause hold."
    },
    footer = {
      "",
      "--json fields:",
      "  generatedAt, region, prefix, healthy (no problems), problems[] (the lines)",
      "  queues[]: queue (logical), name (deployed), kind (queue|dead-letter|",
      "    delivery-dead-letter), deadLetterOf (null for kind queue), waiting,",
      "    inFlight, delayed, problem",
      "  functions[]: function, name, found, mappings[]{uuid, state,",
      "    eventSourceArn}, problem",
      "  holds: table, holds[]{holder, functions[], requestedBy, dataset, since,",
      "    until (null: until a resume), reason}",
      "  tables: notRead (null when read), tables[]{dataset, table, snapshotId, snapshotAt,",
      "    lastCommitAt, freshnessSeconds, notRead}",
      "",
      "Exit codes: 0 no problem, 3 a problem (listed), 1 failed (one line on stderr),"
          + " 2 bad arguments."
    })
public final class StatusCommand implements Callable<Integer> {

  /** Something is flagged: distinct from 1 so a script can tell "wrong" from "could not look". */
  public static final int PROBLEM_EXIT_CODE = 3;

  @Option(names = "--json", description = "Print one JSON document (fields below) instead of text.")
  boolean json;

  @Option(
      names = "--lambda-endpoint-url",
      paramLabel = "URL",
      description =
          "Lambda API endpoint to read the event source mappings from: the local platform's, which"
              + " bin/demo --keep-running prints (default: the region's, or --endpoint-url).")
  URI lambdaEndpoint;

  @Mixin AwsTarget aws;

  @Mixin Deployment deployment;

  @Mixin CatalogTarget catalog;

  @Spec CommandSpec spec;

  private final Clock clock;

  public StatusCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    String prefix =
        usage(deployment::prefix)
            .orElseThrow(() -> usage("give --prefix: queues are <prefix>-<queue>"));
    String ledgerTable = usage(() -> deployment.ledgerTable(Ledgers.COST)).orElseThrow();
    Topology topology = Contracts.packaged().topology();
    Map<String, String> deployedNames = new LinkedHashMap<>();
    for (FunctionSpec function : topology.functions()) {
      deployedNames.put(
          function.name(), usage(() -> deployment.functionName(function.name())).orElseThrow());
    }

    StatusReport report =
        new StatusReport(
            clock.instant(),
            aws.region(),
            prefix,
            queues(topology, prefix),
            functions(deployedNames),
            ledgerTable,
            holds(ledgerTable));
    TablesSection tables = TablesStatus.read(catalog, aws, prefix, clock.instant());
    if (json) {
      new JsonStatusRenderer().render(report, tables, spec.commandLine().getOut());
    } else {
      new TextStatusRenderer().render(report, tables, spec.commandLine().getOut());
    }
    return report.problems().isEmpty() ? 0 : PROBLEM_EXIT_CODE;
  }

  private List<QueueStatus> queues(Topology topology, String prefix) {
    try (SqsClient sqs = aws.configure(SqsClient.builder()).build()) {
      return new QueueDepths(sqs, prefix, aws.region()).read(QueueToRead.of(topology));
    } catch (SdkException e) {
      throw new OpsFailure("cannot read the queues' counts in " + aws.region(), e);
    }
  }

  /** Logical name to deployed name, in the topology's order. */
  private List<FunctionStatus> functions(Map<String, String> deployedNames) {
    var builder = aws.configure(LambdaClient.builder());
    if (lambdaEndpoint != null) {
      builder.endpointOverride(lambdaEndpoint);
    }
    try (LambdaClient lambda = builder.build()) {
      MappingStates states = new MappingStates(lambda);
      return deployedNames.entrySet().stream()
          .map(f -> states.read(f.getKey(), f.getValue()))
          .toList();
    } catch (SdkException e) {
      throw new OpsFailure("cannot read the event source mappings", e);
    }
  }

  private PauseHolds holds(String table) {
    try (DynamoDbClient dynamo = aws.configure(DynamoDbClient.builder()).build()) {
      return new CostLedger(dynamo, table, clock).holds();
    } catch (SdkException e) {
      throw new OpsFailure("cannot read the pause holds in " + table, e);
    }
  }

  /** Runs {@code read}, turning a bad option value into a usage error. */
  private <T> T usage(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
