package dev.iceflow.local.cli;

import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.demo.FlightsDemo;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.PlatformOptions;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
      description = "Keep the emulator up after the checks, until Ctrl-C.")
  boolean keepRunning;

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
      defaultValue = "flights-20k.json",
      description = "Flights file in the data folder (default: ${DEFAULT-VALUE}).")
  String flightsFile;

  @Option(
      names = "--records",
      defaultValue = "20000",
      description = "How many flights to publish (default: ${DEFAULT-VALUE}).")
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
          "At most this many instances (processes) per function; AWS scales to each event source mapping's maximumConcurrency (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--settle-seconds",
      defaultValue = "600",
      description =
          "How long to wait for every record to be accounted for (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    // before anything logs: JBoss Logging routes through the JBoss LogManager, as in the services
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    System.exit(new CommandLine(new LocalCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
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
                        flightsFile,
                        records,
                        batchSize,
                        dropped,
                        Duration.ofSeconds(settleSeconds),
                        PlatformOptions.defaults().withMaxInstances(instances)));
        exit = ok ? 0 : 1;
      }
      if (keepRunning) {
        out.printf(
            "%nThe emulator stays up at %s (region %s, access key test/test). Ctrl-C stops it.%n",
            aws.endpoint(), LocalAws.REGION);
        awaitShutdown();
      }
      return exit;
    }
  }

  private static void awaitShutdown() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    stop.await();
  }
}
