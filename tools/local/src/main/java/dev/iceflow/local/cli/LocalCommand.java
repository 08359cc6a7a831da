package dev.iceflow.local.cli;

import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import java.io.PrintStream;
import java.net.URI;
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
      if (keepRunning) {
        out.printf(
            "%nThe emulator stays up at %s (region %s, access key test/test). Ctrl-C stops it.%n",
            aws.endpoint(), LocalAws.REGION);
        awaitShutdown();
      }
    }
    return 0;
  }

  private static void awaitShutdown() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    stop.await();
  }
}
