package dev.iceflow.ops.status;

import static java.util.stream.Collectors.toMap;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.AlarmSpec;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.PauseHolds;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.Deployment;
import dev.iceflow.ops.status.alarms.AlarmBoard;
import dev.iceflow.ops.status.alarms.AlarmInstance;
import dev.iceflow.ops.status.alarms.AlarmInstances;
import dev.iceflow.ops.status.alarms.AlarmStatus;
import dev.iceflow.ops.table.CatalogTarget;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
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
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
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
          + " messages waiting, in flight and delayed (SQS's approximate counts);",
      "  2. per function, the states of its event source mappings (<prefix>-<function>);",
      "  3. the pause holds in cost-guard's ledger (<prefix>-cost);",
      "  4. per dataset, its table's last snapshot and freshness (now - the commit stage's last"
          + " commit), from the Iceberg catalog (Glue, or locally --catalog-uri / the newest run's);",
      "  5. the topology's alarms (observability.alarms), each for every target, evaluated as"
          + " CloudWatch evaluates the alarms Terraform creates from them: on CloudWatch metrics"
          + " (GetMetricData), and on the queues' live counts for ApproximateNumberOfMessagesVisible.",
      "Problems, one line each: an alarm firing (with its runbook), a mapping not Enabled, a"
          + " function the Lambda API does not know, a pause hold."
    },
    footer = {
      "",
      "--json fields:",
      "  generatedAt, region, prefix, healthy (no problems), problems[] (the lines)",
      "  alarms[]: alarm, target (logical), dimension (null for the pipeline),",
      "    watched (the dimension's value), state (OK|ALARM|INSUFFICIENT_DATA),",
      "    firing, metric, statistic, periodSeconds, evaluationPeriods,",
      "    datapointsToAlarm, breaching, comparison, threshold, value (the newest",
      "    datapoint, null when none), treatMissingData, runbook",
      "  queues[]: queue (logical), name (deployed), kind (queue|dead-letter|",
      "    delivery-dead-letter), deadLetterOf (null for kind queue), waiting,",
      "    inFlight, delayed, problem (an alarm on it fires)",
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
      defaultValue = "${env:AWS_ENDPOINT_URL_LAMBDA}",
      description =
          "Lambda API endpoint to read the event source mappings from: the local platform's, which"
              + " bin/demo --keep-running prints (default: $AWS_ENDPOINT_URL_LAMBDA, else the region's or --endpoint-url).")
  URI lambdaEndpoint;

  @Option(
      names = "--cloudwatch-endpoint-url",
      paramLabel = "URL",
      defaultValue = "${env:AWS_ENDPOINT_URL_CLOUDWATCH}",
      description =
          "CloudWatch endpoint to read the alarms' metrics from: the local platform's CloudWatch"
              + " bridge (LocalAws.cloudWatchEndpoint; moto itself does not speak the SDK's"
              + " CloudWatch protocol) (default: $AWS_ENDPOINT_URL_CLOUDWATCH, else the region's or --endpoint-url).")
  URI cloudWatchEndpoint;

  @Option(
      names = "--threshold",
      paramLabel = "ALARM=VALUE",
      split = ",",
      defaultValue = "${env:ICEFLOW_ALARM_THRESHOLDS}",
      description =
          "An alarm's threshold where the deployment overrides the topology's, as Terraform's"
              + " alarm_thresholds does (repeatable or comma-separated, e.g."
              + " oldest-message-age=600; default: $ICEFLOW_ALARM_THRESHOLDS).")
  Map<String, Double> thresholds = new LinkedHashMap<>();

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
    Contracts contracts = Contracts.packaged();
    Topology topology = contracts.topology();
    for (String alarm : thresholds.keySet()) {
      if (topology.observability().alarm(alarm).isEmpty()) {
        throw usage(
            "--threshold %s: no alarm of that name in the topology (known: %s)"
                .formatted(
                    alarm,
                    String.join(
                        ", ",
                        topology.observability().alarms().stream().map(AlarmSpec::name).toList())));
      }
    }
    Map<String, String> deployedNames = new LinkedHashMap<>();
    for (FunctionSpec function : topology.functions()) {
      deployedNames.put(
          function.name(), usage(() -> deployment.functionName(function.name())).orElseThrow());
    }

    Instant now = clock.instant();
    List<QueueToRead> toRead = QueueToRead.of(topology);
    List<QueueStatus> queues = queues(toRead, prefix);
    List<AlarmInstance> instances = alarmInstances(contracts, toRead, prefix, deployedNames);
    Map<String, Long> visible =
        queues.stream().collect(toMap(QueueStatus::name, QueueStatus::waiting));

    StatusReport report =
        new StatusReport(
            now,
            aws.region(),
            prefix,
            queues,
            functions(deployedNames),
            ledgerTable,
            holds(ledgerTable),
            alarms(instances, visible, now));
    TablesSection tables = TablesStatus.read(catalog, aws, prefix, clock.instant());
    if (json) {
      new JsonStatusRenderer().render(report, tables, spec.commandLine().getOut());
    } else {
      new TextStatusRenderer().render(report, tables, spec.commandLine().getOut());
    }
    return report.problems().isEmpty() ? 0 : PROBLEM_EXIT_CODE;
  }

  private List<QueueStatus> queues(List<QueueToRead> toRead, String prefix) {
    try (SqsClient sqs = aws.configure(SqsClient.builder()).build()) {
      return new QueueDepths(sqs, prefix, aws.region()).read(toRead);
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

  /** The topology's alarms for every target, under this deployment's names. */
  private List<AlarmInstance> alarmInstances(
      Contracts contracts,
      List<QueueToRead> toRead,
      String prefix,
      Map<String, String> deployedNames) {
    return AlarmInstances.of(
        contracts.topology(),
        toRead.stream().collect(toMap(QueueToRead::queue, q -> q.name(prefix))),
        toRead.stream().filter(q -> q.kind() != QueueKind.QUEUE).map(QueueToRead::queue).toList(),
        deployedNames,
        contracts.datasets().keySet().stream().sorted().toList(),
        thresholds);
  }

  private List<AlarmStatus> alarms(
      List<AlarmInstance> instances, Map<String, Long> visible, Instant now) {
    var builder = aws.configure(CloudWatchClient.builder());
    if (cloudWatchEndpoint != null) {
      builder.endpointOverride(cloudWatchEndpoint);
    }
    try (CloudWatchClient cloudWatch = builder.build()) {
      return new AlarmBoard(cloudWatch).evaluate(instances, visible, now);
    } catch (SdkException e) {
      throw new OpsFailure(
          "cannot read the alarms' metrics from CloudWatch (against the local platform, give"
              + " --cloudwatch-endpoint-url: its CloudWatch bridge)",
          e);
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
