package dev.iceflow.local.cli;

import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.demo.FlightsDemo;
import dev.iceflow.local.demo.OpsHints;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code iceflow-local}: runs the pipeline's AWS side on this machine. */
@Command(
    name = "iceflow-local",
    mixinStandardHelpOptions = true,
    version = "iceflow-local 0.1.0",
    description =
        "Starts the embedded AWS emulator, provisions it from contracts/topology.json and checks the wiring.")
public final class LocalCommand implements Callable<Integer> {

  @Option(
      names = "--keep-running",
      description =
          "Keep the emulator up after the checks, with the built functions consuming their queues, until Ctrl-C.")
  boolean keepRunning;

  @Option(
      names = "--platform-only",
      description =
          "Start the platform without the demo load: provision, upload the reference data (from --data), start every built function and the schedules' timers, print how to publish to it, watch it and query it, and stay up until Ctrl-C.")
  boolean platformOnly;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "Provision an emulator that is already running (e.g. LocalStack at http://localhost:4566) instead of starting moto.")
  URI endpoint;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "vega-datasets data folder (bin/demo fetches it); without it only the wiring is checked.")
  Path data;

  @Option(
      names = "--flights",
      paramLabel = "FILE",
      description =
          "Flights file in the data folder: flights-2k/5k/10k/20k.json or flights-3m.parquet (default: flights-20k.json up to 20,000 records, flights-3m.parquet beyond).")
  String flightsFile;

  @Option(
      names = "--records",
      defaultValue = "20000",
      description =
          "How many flights to publish, e.g. 200000 or 3000000 (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description = "Records per ingest.batch message (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--dropped",
      defaultValue = "1000",
      description =
          "Records of those that arrive as a CSV file dropped in the raw bucket (default: ${DEFAULT-VALUE}).")
  int dropped;

  @Option(
      names = "--instances",
      defaultValue = "" + PlatformOptions.DEFAULT_MAX_INSTANCES,
      description =
          "Let each function scale out to this many instances (JVM processes), up to its event source mapping's maximumConcurrency as in AWS; on two cores more than one slows the demo down (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--aws-redelivery",
      paramLabel = "SCALE",
      description =
          "Redeliver a failed message after its queue's visibility timeout times SCALE, as AWS does (1 = AWS's timing; 0.05 = commit's 360 s in 18 s); by default failed messages come back after 1 s.")
  Double awsRedelivery;

  @Option(
      names = "--settle-seconds",
      defaultValue = "600",
      description =
          "How long to wait for every record to be accounted for (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  private static final int LARGEST_JSON_RECORDS = 20_000;

  /** The function that applies ops pause and resume. */
  private static final String COST_GUARD = "cost-guard";

  /** About 100 bytes a flight in JSON: 2,000 stay well inside SNS's 256 KB. */
  private static final int MAX_BATCH_RECORDS = 2_000;

  private static final List<String> QUIET_LOGGERS =
      List.of("org.apache.hadoop", "org.apache.iceberg");
  private static final List<java.util.logging.Logger> quieted = new ArrayList<>();

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    // before anything logs: JBoss Logging routes through the JBoss LogManager, as in the services
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    quietLibraries();
    System.exit(new CommandLine(new LocalCommand()).execute(args));
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    validateOptions();
    ProjectLayout layout = ProjectLayout.discover();
    long started = System.nanoTime();
    out.println(
        endpoint == null
            ? "Starting the embedded AWS (moto server) ..."
            : "Provisioning " + endpoint + " ...");
    try (LocalAws aws =
        endpoint == null ? LocalAws.start(layout) : LocalAws.attach(layout, endpoint)) {
      out.printf(
          "AWS endpoint %s, provisioned in %.1f s (run folder %s)%n%n",
          aws.endpoint(), (System.nanoTime() - started) / 1e9, aws.runDirectory());
      if (platformOnly) {
        runPlatformOnly(aws, layout);
        return 0;
      }
      TopologyReport.print(aws.contracts().topology(), aws.provisioned(), out);
      out.println();
      out.println("Routing check: " + RoutingSmokeCheck.run(aws));
      int exit = 0;
      if (data != null) {
        out.println();
        boolean ok =
            new FlightsDemo(aws, layout, out)
                .run(
                    new FlightsDemo.Options(
                        data,
                        flightsFile != null ? flightsFile : defaultFlightsFile(records),
                        records,
                        batchSize,
                        dropped,
                        Duration.ofSeconds(settleSeconds),
                        platformOptions()));
        exit = ok ? 0 : 1;
      }
      if (keepRunning) {
        keepRunning(aws, layout);
      }
      return exit;
    }
  }

  /** The platform with nothing published, until Ctrl-C. */
  private void runPlatformOnly(LocalAws aws, ProjectLayout layout) throws InterruptedException {
    try (LocalPlatform platform =
        new PlatformOnly(aws, layout, out).start(data, platformOptions())) {
      awaitShutdown();
    }
  }

  private PlatformOptions platformOptions() {
    PlatformOptions options = PlatformOptions.defaults().withMaxInstances(instances);
    return awsRedelivery == null ? options : options.withAwsRedelivery(awsRedelivery);
  }

  /** Library chatter (a line per Parquet decompressor, per table refresh) drowns the demo. */
  private static void quietLibraries() {
    for (String name : QUIET_LOGGERS) {
      java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
      logger.setLevel(java.util.logging.Level.WARNING);
      quieted.add(logger); // a logger only keeps its level while referenced
    }
  }

  private void validateOptions() {
    requireAtLeast("--records", records, 1);
    requireAtLeast("--batch", batchSize, 1);
    requireAtLeast("--dropped", dropped, 0);
    requireAtLeast("--instances", instances, 1);
    requireAtLeast("--settle-seconds", settleSeconds, 1);
    if (awsRedelivery != null && !(awsRedelivery > 0 && awsRedelivery <= 1)) {
      throw new ParameterException(
          spec.commandLine(),
          "--aws-redelivery %s: give a scale above 0 and at most 1".formatted(awsRedelivery));
    }
    if (platformOnly && keepRunning) {
      throw new ParameterException(
          spec.commandLine(),
          "--platform-only stays up by itself and publishes nothing: drop --keep-running");
    }
    if (batchSize > MAX_BATCH_RECORDS) {
      throw new ParameterException(
          spec.commandLine(),
          "--batch %d: an inline ingest.batch must fit SNS's 256 KB message limit; use at most %d records"
              .formatted(batchSize, MAX_BATCH_RECORDS));
    }
  }

  private void requireAtLeast(String option, int value, int minimum) {
    if (value < minimum) {
      throw new ParameterException(
          spec.commandLine(), "%s must be at least %d, was %d".formatted(option, minimum, value));
    }
  }

  /** The 20k JSON has every field; past it, the 3 million flights of the Parquet file. */
  static String defaultFlightsFile(int records) {
    return records <= LARGEST_JSON_RECORDS ? "flights-20k.json" : "flights-3m.parquet";
  }

  /**
   * Leaves the emulator up with every built function consuming its queue, so what someone publishes
   * is validated, enriched and committed, or parked in ingest-unrouted, as in AWS.
   */
  private void keepRunning(LocalAws aws, ProjectLayout layout) throws InterruptedException {
    if (data == null) {
      // the flights rules look airports up; the demo uploads them from --data
      out.println(
          "No reference data uploaded (no --data): flights whose airports are unknown are quarantined.");
    }
    try (LocalPlatform platform =
        LocalPlatform.start(
            aws, layout, List.of(), PlatformOptions.defaults().withMaxInstances(instances))) {
      out.printf(
          "%nThe emulator stays up at %s (region %s, access key test/test), with these functions consuming their queues: %s (logs under %s).%n"
              + "Lambda endpoint %s: their event source mappings (aws lambda list-event-source-mappings / update-event-source-mapping --endpoint-url %s).%n",
          aws.endpoint(),
          LocalAws.REGION,
          platform.coldStartsMillis().keySet(),
          aws.runDirectory().resolve("functions"),
          platform.lambdaEndpoint(),
          platform.lambdaEndpoint());
      printOpsHints(aws, platform);
      out.println("Ctrl-C stops both.");
      awaitShutdown();
    }
  }

  /**
   * The on-call CLI's commands against this emulator. A pause is applied by cost-guard, so it is
   * offered only when cost-guard runs here.
   */
  private void printOpsHints(LocalAws aws, LocalPlatform platform) {
    out.println("Try the on-call CLI (bin/ops) from another shell while this runs:");
    out.println("  " + OpsHints.environment(aws, platform.lambdaEndpoint()));
    out.println("  " + OpsHints.status());
    out.println("  " + OpsHints.costReport());
    boolean costGuardRuns =
        platform.coldStartsMillis().keySet().stream().anyMatch(i -> i.startsWith(COST_GUARD + "#"));
    if (costGuardRuns) {
      out.println("  " + OpsHints.pauseValidation());
      out.println("  " + OpsHints.resumeValidation());
    } else {
      out.println(
          "  (bin/ops pause and resume need cost-guard, which applies them; it is not built here)");
    }
  }

  private static void awaitShutdown() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    stop.await();
  }
}
