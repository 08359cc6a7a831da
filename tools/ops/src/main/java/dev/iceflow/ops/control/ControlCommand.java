package dev.iceflow.ops.control;

import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.CallerIdentity;
import dev.iceflow.ops.aws.Deployment;
import dev.iceflow.ops.aws.EventsTopic;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * {@code ops pause} and {@code ops resume}: asks cost-guard, through a pipeline.control message on
 * the events topic, to switch functions' event source mappings off or on, then watches them get
 * there. The message is published the way the stages publish (EventPublisher sets the attributes
 * the topic's subscriptions filter on) and only when the contracts accept it, so cost-guard never
 * has to park it.
 */
abstract class ControlCommand implements Callable<Integer> {

  @Option(
      names = "--function",
      paramLabel = "FUNCTION",
      required = true,
      description =
          "A function (repeatable): one of those cost-guard controls (topology:"
              + " controlsFunctions).")
  List<String> functions;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      required = true,
      description = "Why, for whoever reads the holds, logs and alerts (1 to 512 characters).")
  String reason;

  @Option(
      names = "--dataset",
      paramLabel = "DATASET",
      description = "The dataset it is about, a data contract's name (default: * for every one).")
  String dataset;

  @Option(
      names = "--requested-by",
      paramLabel = "WHO",
      description = "Who asks, when STS GetCallerIdentity cannot tell (default: its ARN).")
  String requestedBy;

  @Option(
      names = "--lambda-endpoint-url",
      paramLabel = "URL",
      defaultValue = "${env:AWS_ENDPOINT_URL_LAMBDA}",
      description =
          "Lambda API endpoint to read the event source mappings from: the local platform's, which"
              + " bin/demo --keep-running prints (default: $AWS_ENDPOINT_URL_LAMBDA, else the region's or --endpoint-url).")
  URI lambdaEndpoint;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = WaitConverter.class,
      description =
          "How long to wait for every event source mapping to follow, e.g. 30s, 2m, PT5M"
              + " (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(
      names = "--no-wait",
      description = "Publish the request and return, without watching the mappings.")
  boolean noWait;

  @Mixin AwsTarget aws;

  @Mixin Deployment deployment;

  @Spec CommandSpec spec;

  private final Clock clock;

  ControlCommand(Clock clock) {
    this.clock = clock;
  }

  abstract ControlAction action();

  /** For a pause: when it lapses by itself (null: held until a resume). */
  Instant until(Instant now) {
    return null;
  }

  @Override
  public Integer call() throws InterruptedException {
    Contracts contracts = Contracts.packaged();
    Topology topology = contracts.topology();
    List<String> named = checkedFunctions(topology);
    String about = checkedDataset(contracts);
    Instant now = clock.instant();
    Instant until = until(now);
    Map<String, String> deployedNames = noWait ? Map.of() : deployedNames(named);
    Optional<String> ledgerTable = usage(() -> deployment.ledgerTable(Ledgers.COST));
    Optional<String> prefix = usage(deployment::prefix);
    if (deployment.eventsTopicArn().isEmpty() && prefix.isEmpty()) {
      throw usage("give --prefix or --events-topic-arn: the events topic is needed");
    }

    PrintWriter out = spec.commandLine().getOut();
    String who =
        CallerIdentity.of(aws, Optional.ofNullable(requestedBy), spec.commandLine().getErr());
    EnvelopeCodec codec = new EnvelopeCodec(contracts.messages());
    ControlRequest request = request(named, who, now, until, about, codec);
    publish(request, prefix, codec, out);
    if (noWait) {
      out.println("Not waiting (--no-wait): cost-guard applies it from its queue within seconds.");
      return 0;
    }
    awaitMappings(request, deployedNames, topology, prefix, out);
    ledgerTable.ifPresent(table -> printHolds(table, out));
    return 0;
  }

  private List<String> checkedFunctions(Topology topology) {
    List<String> controllable =
        topology
            .function(Stage.COST_GUARD.wireName())
            .map(FunctionSpec::controlsFunctions)
            .orElse(List.of());
    List<String> unknown = functions.stream().filter(f -> !controllable.contains(f)).toList();
    if (!unknown.isEmpty()) {
      throw usage(
          "--function %s: cost-guard controls only %s"
              .formatted(String.join(", ", unknown), String.join(", ", controllable)));
    }
    return List.copyOf(new LinkedHashSet<>(functions));
  }

  private String checkedDataset(Contracts contracts) {
    if (dataset == null || ControlRequest.EVERY_DATASET.equals(dataset)) {
      return ControlRequest.EVERY_DATASET;
    }
    if (contracts.dataset(dataset).isEmpty()) {
      throw usage(
          "--dataset %s names no data contract (known: %s, or * for every one)"
              .formatted(dataset, String.join(", ", contracts.datasets().keySet())));
    }
    return dataset;
  }

  private Map<String, String> deployedNames(List<String> named) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String function : named) {
      String name =
          usage(() -> deployment.functionName(function))
              .orElseThrow(
                  () ->
                      usage(
                          "give --prefix or --function-name-prefix to watch the functions'"
                              + " event source mappings, or --no-wait"));
      names.put(function, name);
    }
    return names;
  }

  private ControlRequest request(
      List<String> named,
      String who,
      Instant now,
      Instant until,
      String about,
      EnvelopeCodec codec) {
    try {
      return ControlRequest.of(action(), named, reason, who, now, until, about, codec);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** Publishes as the stages do, to the events topic given or found by the prefix. */
  private void publish(
      ControlRequest request, Optional<String> prefix, EnvelopeCodec codec, PrintWriter out) {
    try (SnsClient sns = aws.configure(SnsClient.builder()).build()) {
      String arn =
          deployment
              .eventsTopicArn()
              .orElseGet(() -> EventsTopic.find(sns, prefix.orElseThrow(), aws.region()));
      String messageId =
          new EventPublisher(sns, codec, new TopicDirectory(Map.of(Topics.EVENTS, arn)))
              .publish(Topics.EVENTS, request.envelope());
      out.printf(
          "Published pipeline.control %s of %s (id %s, SNS message %s) to %s, requested by %s.%n",
          action().wireName(),
          String.join(", ", request.payload().scope().functions()),
          request.envelope().id(),
          messageId,
          arn,
          request.payload().requestedBy());
      out.flush();
    } catch (SdkException e) {
      throw new OpsFailure("cannot publish the %s request".formatted(action().wireName()), e);
    }
  }

  private void awaitMappings(
      ControlRequest request,
      Map<String, String> deployedNames,
      Topology topology,
      Optional<String> prefix,
      PrintWriter out)
      throws InterruptedException {
    String state = action().mappingState();
    out.printf("Waiting up to %s for their event source mappings to be %s:%n", show(wait), state);
    out.flush();
    Map<String, String> behind;
    try (LambdaClient lambda = lambdaClient()) {
      behind = new MappingWatch(lambda, out).await(deployedNames, state, wait);
    } catch (SdkException e) {
      throw new OpsFailure(
          "the %s request %s was published, but the event source mappings cannot be read"
              .formatted(action().wireName(), request.envelope().id()),
          e);
    }
    if (!behind.isEmpty()) {
      throw NotApplied.failure(request, wait, behind, topology, prefix);
    }
    out.printf(
        "%s %s: every event source mapping is %s.%n",
        capitalized(action().done()), String.join(", ", deployedNames.keySet()), state);
  }

  private LambdaClient lambdaClient() {
    var builder = aws.configure(LambdaClient.builder());
    if (lambdaEndpoint != null) {
      builder.endpointOverride(lambdaEndpoint);
    }
    return builder.build();
  }

  private void printHolds(String table, PrintWriter out) {
    try (DynamoDbClient dynamo = aws.configure(DynamoDbClient.builder()).build()) {
      HoldsReport.print(new CostLedger(dynamo, table, clock).holds(), table, out);
    } catch (SdkException e) {
      // the request is applied; the holds are extra information, so say why they are missing
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "ops: cannot read the pause holds in %s: %s%n",
          table, e.getMessage().lines().findFirst().orElse(""));
      err.flush();
    }
  }

  static String show(Duration duration) {
    return duration.toString().substring(2).toLowerCase();
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  /** Runs {@code read}, turning a bad option value into a usage error. */
  private <T> T usage(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
